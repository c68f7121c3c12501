using System.ComponentModel.DataAnnotations;

namespace Atrium.Platform.Messaging;

/// <summary>
/// The event bus: the outbox relay and consumer retries. The transport is RabbitMQ when
/// <c>ConnectionStrings:RabbitMQ</c> (an amqp:// URI) is set, in-process otherwise.
/// </summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Atrium:Messaging";
    public const string ConnectionStringName = "RabbitMQ";

    /// <summary>Off leaves events in the outbox (a replica that only serves, or a test that simulates a relay that is down).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>How often the relay looks for events when no commit nudged it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a relay owns the rows it claimed; a relay that died mid-batch frees them when it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one publish may wait for the broker's confirm before the batch is tried again later.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long dispatched rows stay in the outbox (for diagnosis) before they are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan DispatchedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a consumer remembers a processed message id (its redelivery guard) before the daily prune forgets it.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Retries after a consumer's first failure; then the message goes to the endpoint's _error queue.</summary>
    [Range(0, 100)]
    public int RetryLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryIntervalDelta { get; set; } = TimeSpan.FromSeconds(2);
}
