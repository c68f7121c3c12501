using MassTransit;
using Atrium.Platform.Messaging.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Messaging;

/// <summary>
/// A module's reaction to an integration event. Resolved from a fresh DI scope per delivery;
/// delivery is at least once, so a handler makes its effects idempotent with
/// <see cref="Inbox.ProcessOnceAsync"/> keyed on the message id.
/// </summary>
public interface IEventConsumer<in TEvent>
    where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent message, Guid messageId, CancellationToken ct);
}

/// <summary>One handler's receive endpoint (its own queue), as the bus configuration reads it.</summary>
public sealed record EventConsumerRegistration(string Endpoint, Action<IReceiveEndpointConfigurator, IServiceProvider> Configure);

/// <summary>The MassTransit consumer behind an <see cref="IEventConsumer{TEvent}"/>: scope, inbox key, metrics.</summary>
internal sealed class EventConsumerAdapter<TEvent, TConsumer>(
    IServiceScopeFactory scopes, MessagingTelemetry telemetry, string endpoint, int retryLimit) : IConsumer<TEvent>
    where TEvent : IntegrationEvent
    where TConsumer : IEventConsumer<TEvent>
{
    public async Task Consume(ConsumeContext<TEvent> context)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<TConsumer>();
            await handler.HandleAsync(context.Message, context.MessageId ?? context.Message.EventId, context.CancellationToken);
            telemetry.Consumed(endpoint, typeof(TEvent).Name);
        }
        catch (Exception) when (CountFailure(context))
        {
            throw;
        }
    }

    // The retry filter runs this consumer up to 1 + retryLimit times; after the last failure
    // MassTransit moves the message to the endpoint's _error queue: the dead-letter queue.
    private bool CountFailure(ConsumeContext context)
    {
        if (context.GetRetryAttempt() < retryLimit)
        {
            telemetry.Retried(endpoint, typeof(TEvent).Name);
        }
        else
        {
            telemetry.DeadLettered(endpoint, typeof(TEvent).Name);
        }

        return false;
    }

    public static EventConsumerRegistration Registration(string endpoint) => new(endpoint, (e, services) =>
    {
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var telemetry = services.GetRequiredService<MessagingTelemetry>();
        var retryLimit = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value.RetryLimit;
        e.Consumer(() => new EventConsumerAdapter<TEvent, TConsumer>(scopes, telemetry, endpoint, retryLimit));
    });
}
