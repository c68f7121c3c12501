using System.Net;
using System.Text.Json;
using Atrium.Blog.Data;
using Atrium.Platform.Accounts;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>Events are written by the same transaction as the data that caused them.</summary>
public abstract class OutboxTests(AtriumApp app)
{
    [Fact]
    public async Task Registering_writes_UserRegistered_to_the_accounts_outbox()
    {
        var user = await app.RegisterAsync("newcomer");

        var events = await EventsAsync<AccountsDbContext, UserRegistered>();
        var registered = Assert.Single(events, e => e.Username == user.Username);
        Assert.Equal(user.Email, registered.Email);
    }

    [Fact]
    public async Task Each_blog_write_stages_one_event_and_idempotent_repeats_none()
    {
        var author = await app.RegisterAsync("author");
        var reader = await app.RegisterAsync("reader");
        var slug = await author.CreateArticleAsync();
        await reader.FollowAsync(author);
        await reader.FollowAsync(author);
        await reader.FavoriteAsync(slug);
        await reader.FavoriteAsync(slug);
        await reader.CommentAsync(slug);

        var published = Assert.Single(await EventsAsync<BlogDbContext, ArticlePublished>(), e => e.Slug == slug);
        Assert.Equal(Assert.Single(await EventsAsync<BlogDbContext, ArticleFavorited>(), e => e.ArticleSlug == slug).ArticleId, published.ArticleId);
        var followed = Assert.Single(await EventsAsync<BlogDbContext, UserFollowed>(), e => e.FollowerUsername == reader.Username);
        Assert.Equal(published.AuthorId, followed.FolloweeId);
        var comment = Assert.Single(await EventsAsync<BlogDbContext, CommentAdded>(), e => e.ArticleSlug == slug);
        Assert.Equal(published.AuthorId, comment.ArticleAuthorId);
        Assert.Equal(reader.Username, comment.CommenterUsername);
        Assert.True(comment.CommentId > 0);
    }

    [Fact]
    public async Task A_refused_registration_leaves_no_event()
    {
        var user = await app.RegisterAsync("taken");
        var response = await app.CreateClient().PostJsonAsync("/api/users",
            new { user = new { username = user.Username, email = $"other-{user.Email}", password = "password123" } });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);

        Assert.Single(await EventsAsync<AccountsDbContext, UserRegistered>(), e => e.Username == user.Username);
    }

    [Fact]
    public async Task A_failed_save_rolls_back_its_staged_event_with_the_data()
    {
        var follower = await app.RegisterAsync("follower");
        var followee = await app.RegisterAsync("followee");
        await follower.FollowAsync(followee);
        var ids = await UserIdsAsync(follower.Username, followee.Username);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            // The follow exists already: the insert breaks the primary key, and the event must go with it.
            db.Follows.Add(new Follow { FollowerId = ids[0], FolloweeId = ids[1] });
            var staged = new UserFollowed(ids[0], follower.Username, ids[1]);
            db.AddEvent(staged);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

            await using var check = app.Services.CreateAsyncScope();
            Assert.False(await check.ServiceProvider.GetRequiredService<BlogDbContext>().Set<OutboxMessage>().AnyAsync(m => m.Id == staged.EventId));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The same with an event built after a first, successful save in the transaction.
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            var staged = new UserFollowed(ids[1], followee.Username, ids[0]);
            db.Follows.Add(new Follow { FollowerId = ids[1], FolloweeId = ids[0] });
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesWithEventAsync(() => throw new InvalidOperationException("boom"), CancellationToken.None));

            await using var check = app.Services.CreateAsyncScope();
            var blog = check.ServiceProvider.GetRequiredService<BlogDbContext>();
            Assert.False(await blog.Follows.AnyAsync(f => f.FollowerId == ids[1] && f.FolloweeId == ids[0]));
            Assert.False(await blog.Set<OutboxMessage>().AnyAsync(m => m.Id == staged.EventId));
        }
    }

    [Fact]
    public async Task The_relay_marks_events_dispatched_and_keeps_the_request_trace()
    {
        var user = await app.RegisterAsync("traced");
        await Eventually.TrueAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
            var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type == nameof(UserRegistered)).ToListAsync();
            var row = rows.Single(r => r.Payload.Contains(user.Username, StringComparison.Ordinal));
            return row.DispatchedAt is not null && row.Attempts >= 1;
        }, "the UserRegistered row to be dispatched");
    }

    private async Task<List<TEvent>> EventsAsync<TContext, TEvent>()
        where TContext : DbContext
        where TEvent : IntegrationEvent
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var payloads = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Type == typeof(TEvent).Name).Select(m => m.Payload).ToListAsync();
        return [.. payloads.Select(p => JsonSerializer.Deserialize<TEvent>(p, JsonSerializerOptions.Web)!)];
    }

    private async Task<Guid[]> UserIdsAsync(params string[] usernames)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var users = await db.Users.AsNoTracking().Where(u => usernames.Contains(u.Username)).ToListAsync();
        return [.. usernames.Select(n => users.Single(u => u.Username == n).Id)];
    }
}

public sealed class OutboxTests_Sqlite(SqliteApp app) : OutboxTests(app), IClassFixture<SqliteApp>;

public sealed class OutboxTests_Postgres(PostgresApp app) : OutboxTests(app), IClassFixture<PostgresApp>;
