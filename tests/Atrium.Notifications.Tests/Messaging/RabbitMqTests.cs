using Atrium.Testing;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>The bus on a real RabbitMQ node: relay, publisher confirms, consumers.</summary>
public sealed class RabbitMqTests(RabbitMqApp app) : IClassFixture<RabbitMqApp>
{
    [Fact]
    public async Task Events_travel_through_RabbitMQ_to_the_notifications_consumers()
    {
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        await reader.FollowAsync(author);
        await reader.CommentAsync(slug);
        await reader.FavoriteAsync(slug);

        var list = await author.Client().WaitForNotificationsAsync(3);
        Assert.Equal(3, (int)list["unreadCount"]!);
    }

    [Fact]
    public async Task The_relay_publishes_on_channels_in_confirm_mode()
    {
        var celeb = await app.RegisterAsync("celeb");
        await (await app.RegisterAsync("fan")).FollowAsync(celeb);
        await celeb.Client().WaitForNotificationsAsync(1);

        var node = await RabbitMqServer.SharedAsync();
        var vhost = Uri.UnescapeDataString(app.Broker.AbsolutePath.TrimStart('/'));
        var channels = await node.QueryAsync(["list_channels", "-p", vhost, "confirm", "messages_unconfirmed"]);
        var rows = channels.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t')).Where(cells => cells.Length == 2 && cells[0] is "true" or "false").ToList();
        Assert.Contains(rows, cells => cells[0] == "true");
    }
}
