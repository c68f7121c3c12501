using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>A consumer that always throws: retried, then parked in its _error queue, and counted.</summary>
public sealed class DeadLetterTests(DeadLetterTests.App app) : IClassFixture<DeadLetterTests.App>
{
    private const string Endpoint = "tests-always-fails";
    private const int RetryLimit = 2;

    [Fact]
    public async Task A_message_whose_consumer_always_fails_ends_in_the_error_queue_after_its_retries()
    {
        using var metrics = new MessagingMetrics(app.Services);
        await app.RegisterAsync("doomed");

        uint parked = 0;
        await Eventually.TrueAsync(async () => (parked = await MessagesInAsync($"{Endpoint}_error")) >= 1, $"a message in {Endpoint}_error");
        Assert.Equal(1u, parked);
        await Eventually.TrueAsync(
            () => Task.FromResult(metrics.Total("atrium.messaging.dead_lettered", Endpoint) == 1), "the dead-letter counter to move");
        Assert.Equal(RetryLimit, metrics.Total("atrium.messaging.retried", Endpoint));
        Assert.Equal(0, metrics.Total("atrium.messaging.consumed", Endpoint));
        Assert.Equal(0u, await MessagesInAsync(Endpoint));
    }

    private async Task<uint> MessagesInAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = app.Broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0; // Not declared yet.
        }
    }

    public sealed class AlwaysFails : IEventConsumer<UserRegistered>
    {
        public Task HandleAsync(UserRegistered message, Guid messageId, CancellationToken ct) =>
            throw new InvalidOperationException("This consumer always fails.");
    }

    public sealed class App : RabbitMqApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Atrium:Messaging:RetryLimit", RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Atrium:Messaging:RetryMinInterval", "00:00:00.050");
            builder.UseSetting("Atrium:Messaging:RetryMaxInterval", "00:00:00.200");
            builder.UseSetting("Atrium:Messaging:RetryIntervalDelta", "00:00:00.050");
            builder.ConfigureTestServices(services => services.AddEventConsumer<UserRegistered, AlwaysFails>(Endpoint));
        }
    }
}
