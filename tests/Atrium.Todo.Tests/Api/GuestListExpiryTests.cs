using System.Net;
using Microsoft.EntityFrameworkCore;
using Atrium.Todo.Data;
using Atrium.Todo.Lists;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Todo.Tests.Api;

/// <summary>The expiry job, with the clock moved instead of waited for.</summary>
public abstract class GuestListExpiryTests(IClockedApp app)
{
    [Fact]
    public async Task Guest_lists_unused_for_30_days_are_deleted_used_and_owned_ones_stay()
    {
        var client = app.CreateClient();
        var stale = (string)(await client.CreateListAsync())["todosUrl"]!;
        var used = (string)(await client.CreateListAsync())["todosUrl"]!;
        await client.AddTodoAsync(stale, new { title = "forgotten" });
        var owner = app.CreateClient().WithToken(await TodoClients.RegisterAsync(app.CreateClient()));
        var ownedId = Guid.Parse((string)(await owner.CreateListAsync())["id"]!);

        app.Clock.Advance(TimeSpan.FromDays(20));
        Assert.Empty(await client.TodosAsync(used));
        app.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));

        // Moving the clock also makes the daily job itself due, and the scheduler may run it first: so
        // the outcome is asserted, not how many lists this call deleted.
        await ExpireAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(stale)).StatusCode);
        Assert.Empty(await client.TodosAsync(used));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TodoDbContext>();
        Assert.True(await db.Lists.AnyAsync(l => l.Id == ownedId));
        // Their todos went with them (cascade), none left orphaned.
        Assert.False(await db.Items.AnyAsync(i => !db.Lists.Any(l => l.Id == i.ListId)));
    }

    private async Task<int> ExpireAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpireGuestLists>().ExpireAsync(CancellationToken.None);
    }
}

public sealed class GuestListExpiryTests_Sqlite(ClockedSqliteApp app) : GuestListExpiryTests(app), IClassFixture<ClockedSqliteApp>;

public sealed class GuestListExpiryTests_Postgres(ClockedPostgresApp app) : GuestListExpiryTests(app), IClassFixture<ClockedPostgresApp>;
