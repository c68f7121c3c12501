using Atrium.Blog.Data;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>Writes keep succeeding while RabbitMQ is down; the outbox holds their events until it is back.</summary>
public sealed class BrokerOutageTests(BrokerOutageTests.App app) : IClassFixture<BrokerOutageTests.App>
{
    private const int FollowsDuringOutage = 5;

    [Fact]
    public async Task Events_written_while_the_broker_is_down_all_arrive_once_it_is_back()
    {
        using var metrics = new MessagingMetrics(app.Services);
        var celeb = await app.RegisterAsync("celeb");
        await (await app.RegisterAsync("early")).FollowAsync(celeb);
        await celeb.Client().WaitForNotificationsAsync(1);
        var fans = new List<TestUser>();
        for (var i = 0; i < FollowsDuringOutage; i++)
        {
            fans.Add(await app.RegisterAsync("fan"));
        }

        await app.Node.StopBrokerAsync();
        try
        {
            foreach (var fan in fans)
            {
                await fan.FollowAsync(celeb);
            }

            await Eventually.TrueAsync(async () => await UnsentFollowsAsync() == FollowsDuringOutage, "the follows to wait in the outbox");
            // Readiness does not follow the broker: the API keeps taking writes.
            Assert.Equal(System.Net.HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
            await Eventually.TrueAsync(() => Task.FromResult(metrics.Backlog(nameof(BlogDbContext)) >= FollowsDuringOutage), "the backlog gauge to show them");
        }
        finally
        {
            await app.Node.StartBrokerAsync();
        }

        await celeb.Client().WaitForNotificationsAsync(1 + FollowsDuringOutage);
        await Eventually.TrueAsync(async () => await UnsentFollowsAsync() == 0, "the outbox to drain");
    }

    private async Task<int> UnsentFollowsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
        return await db.Set<OutboxMessage>().CountAsync(m => m.Type == nameof(UserFollowed) && m.DispatchedAt == null);
    }

    /// <summary>On a RabbitMQ node of its own: stopping the shared one would break every other test.</summary>
    public sealed class App : RabbitMqApp
    {
        private RabbitMqServer? _node;

        public RabbitMqServer Node => _node ?? throw new InvalidOperationException("The node starts in InitializeAsync.");

        protected override async Task<Uri> CreateBrokerAsync()
        {
            _node = await RabbitMqServer.StartDedicatedAsync();
            return _node.Uri;
        }

        protected override Task DeleteBrokerAsync(Uri broker)
        {
            Node.StopNode();
            return Task.CompletedTask;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Atrium:Messaging:PublishTimeout", "00:00:02");
        }
    }
}
