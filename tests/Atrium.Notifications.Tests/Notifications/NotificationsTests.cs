using System.Net;
using Atrium.Testing;

namespace Atrium.Notifications.Tests.Notifications;

/// <summary>Through the embedded (in-process) bus: the default when no RabbitMQ is configured.</summary>
public abstract class NotificationsTests(AtriumApp app)
{
    [Fact]
    public async Task Being_followed_notifies_the_followee_once_even_when_followed_twice()
    {
        var celeb = await app.RegisterAsync("celeb");
        var fan = await app.RegisterAsync("fan");
        await fan.FollowAsync(celeb);
        await fan.FollowAsync(celeb);

        var list = await celeb.Client().WaitForNotificationsAsync(1);
        var notification = list["notifications"]![0]!;
        Assert.Equal("follow", (string?)notification["type"]);
        Assert.Equal($"{fan.Username} started following you", (string?)notification["message"]);
        Assert.Equal(fan.Username, (string?)notification["actor"]!["username"]);
        Assert.Null(notification["articleSlug"]);
        Assert.Null(notification["readAt"]);
        Assert.Equal(1, (int)list["unreadCount"]!);
        Assert.Equal(0, (int)(await fan.Client().NotificationsAsync())["notificationsCount"]!);
    }

    [Fact]
    public async Task Comments_and_favorites_by_others_notify_the_author_but_never_their_own()
    {
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        await author.CommentAsync(slug);
        await author.FavoriteAsync(slug);
        await reader.CommentAsync(slug);
        await reader.FavoriteAsync(slug);
        await reader.FavoriteAsync(slug);

        var list = await author.Client().WaitForNotificationsAsync(2);
        var types = list["notifications"]!.AsArray().Select(n => (string)n!["type"]!).Order().ToArray();
        Assert.Equal(new[] { "comment", "favorite" }, types);
        Assert.All(list["notifications"]!.AsArray(), n =>
        {
            Assert.Equal(slug, (string?)n!["articleSlug"]);
            Assert.Equal(reader.Username, (string?)n["actor"]!["username"]);
        });
    }

    [Fact]
    public async Task Marking_read_one_by_the_owner_or_all_at_once_updates_the_unread_count()
    {
        var celeb = await app.RegisterAsync("celeb");
        var fans = new[] { await app.RegisterAsync("fan"), await app.RegisterAsync("fan"), await app.RegisterAsync("fan") };
        foreach (var fan in fans)
        {
            await fan.FollowAsync(celeb);
        }

        var list = await celeb.Client().WaitForNotificationsAsync(3);
        var first = (string)list["notifications"]![0]!["id"]!;

        // Someone else's notification is not found, not forbidden: ids reveal nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await fans[0].Client().PostAsync($"/api/notifications/{first}/read", null)).StatusCode);
        await (await fans[0].Client().PostAsync($"/api/notifications/{Guid.NewGuid()}/read", null))
            .AssertErrorAsync(HttpStatusCode.NotFound, "notification", "not found");

        Assert.Equal(HttpStatusCode.NoContent, (await celeb.Client().PostAsync($"/api/notifications/{first}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await celeb.Client().PostAsync($"/api/notifications/{first}/read", null)).StatusCode);
        var afterOne = await celeb.Client().NotificationsAsync();
        Assert.Equal(3, (int)afterOne["notificationsCount"]!);
        Assert.Equal(2, (int)afterOne["unreadCount"]!);
        Assert.NotNull(afterOne["notifications"]!.AsArray().Single(n => (string?)n!["id"] == first)!["readAt"]);

        var unreadOnly = await celeb.Client().NotificationsAsync("unread=true");
        Assert.Equal(2, (int)unreadOnly["notificationsCount"]!);
        Assert.DoesNotContain(unreadOnly["notifications"]!.AsArray(), n => (string?)n!["id"] == first);

        Assert.Equal(HttpStatusCode.NoContent, (await celeb.Client().PostAsync("/api/notifications/read", null)).StatusCode);
        var afterAll = await celeb.Client().NotificationsAsync();
        Assert.Equal(3, (int)afterAll["notificationsCount"]!);
        Assert.Equal(0, (int)afterAll["unreadCount"]!);
        Assert.Equal(0, (int)(await celeb.Client().NotificationsAsync("unread=true"))["notificationsCount"]!);
    }

    [Fact]
    public async Task Pages_are_newest_first_and_limits_are_checked()
    {
        var celeb = await app.RegisterAsync("celeb");
        var fans = new[] { await app.RegisterAsync("fan"), await app.RegisterAsync("fan"), await app.RegisterAsync("fan") };
        foreach (var fan in fans)
        {
            await fan.FollowAsync(celeb);
        }

        var all = await celeb.Client().WaitForNotificationsAsync(3);
        var times = all["notifications"]!.AsArray().Select(n => DateTime.Parse((string)n!["createdAt"]!, null, System.Globalization.DateTimeStyles.RoundtripKind)).ToArray();
        Assert.Equal(times.OrderDescending(), times);

        var page = await celeb.Client().NotificationsAsync("limit=1&offset=1");
        Assert.Single(page["notifications"]!.AsArray());
        Assert.Equal(3, (int)page["notificationsCount"]!);
        Assert.Equal((string?)all["notifications"]![1]!["id"], (string?)page["notifications"]![0]!["id"]);

        await (await celeb.Client().GetAsync("/api/notifications?limit=0")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "limit");
        await (await celeb.Client().GetAsync("/api/notifications?limit=101")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "limit");
        await (await celeb.Client().GetAsync("/api/notifications?offset=-1")).AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "offset");
        Assert.Equal(HttpStatusCode.BadRequest, (await celeb.Client().GetAsync("/api/notifications?limit=abc")).StatusCode);
    }

    [Fact]
    public async Task Notifications_need_a_token()
    {
        await (await app.CreateClient().GetAsync("/api/notifications")).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
        await (await app.CreateClient().PostAsync("/api/notifications/read", null)).AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
        await (await app.CreateClient().PostAsync($"/api/notifications/{Guid.NewGuid()}/read", null))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "token", "is missing");
    }
}

public sealed class NotificationsTests_Sqlite(SqliteApp app) : NotificationsTests(app), IClassFixture<SqliteApp>;

public sealed class NotificationsTests_Postgres(PostgresApp app) : NotificationsTests(app), IClassFixture<PostgresApp>;

/// <summary>The module's own meter and activity source (<c>Atrium.Notifications</c>) record what it stores.</summary>
public sealed class NotificationsTelemetryTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_stored_notification_records_a_span_and_a_count()
    {
        var stored = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var meters = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == NotificationsTelemetry.Name && instrument.Name == "atrium.notifications.stored")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "type")
                {
                    stored.Add((string)tag.Value!);
                }
            }
        });
        meters.Start();
        var spans = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var activities = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == NotificationsTelemetry.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Add(activity.OperationName),
        };
        System.Diagnostics.ActivitySource.AddActivityListener(activities);

        var celeb = await app.RegisterAsync("counted");
        var fan = await app.RegisterAsync("counter");
        await fan.FollowAsync(celeb);
        await celeb.Client().WaitForNotificationsAsync(1);

        await Eventually.TrueAsync(() => Task.FromResult(stored.Contains("follow") && spans.Contains("notifications.follow.store")),
            "the follow notification to be counted and traced");
    }
}
