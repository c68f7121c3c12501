using System.Data.Common;
using System.Net;
using Atrium.Blog.Data;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Tests.Articles;

/// <summary>
/// An article deleted by another request between a write's lookup and its insert: the insert hits
/// the foreign key, and the caller gets the 404 it would have got a moment later, not a 500.
/// </summary>
public abstract class ArticleDeletedMidWriteTests(AtriumApp app, ArticleDeleter deleter)
{
    [Fact]
    public async Task Favoriting_an_article_deleted_mid_request_is_404()
    {
        var author = await app.RegisterAsync("vanishing");
        var fan = await app.RegisterAsync("toolate");
        var slug = await author.CreateArticleAsync();

        deleter.DeleteBeforeNextTransaction(slug);
        await (await fan.Client().PostAsync($"/api/articles/{slug}/favorite", null)).AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/api/articles/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Commenting_on_an_article_deleted_mid_request_is_404()
    {
        var author = await app.RegisterAsync("vanishing");
        var reader = await app.RegisterAsync("commenter");
        var slug = await author.CreateArticleAsync();

        deleter.DeleteBeforeNextTransaction(slug);
        var response = await reader.Client().PostJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = "first!" } });
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
    }

    [Fact]
    public async Task Comments_racing_the_articles_delete_are_201_or_404_never_a_500()
    {
        // A comment stored just before the delete cascades it away: reading it back for the answer failed (a 500).
        var author = await app.RegisterAsync("vanishing");
        var reader = await app.RegisterAsync("commenter");
        for (var round = 0; round < 15; round++)
        {
            var slug = await author.CreateArticleAsync();
            var comments = Enumerable.Range(0, 6)
                .Select(i => reader.Client().PostJsonAsync($"/api/articles/{slug}/comments", new { comment = new { body = $"c{i}" } })).ToList();
            var delete = author.Client().DeleteAsync($"/api/articles/{slug}");
            var statuses = (await Task.WhenAll(comments)).Select(r => r.StatusCode).ToList();
            Assert.Equal(HttpStatusCode.NoContent, (await delete).StatusCode);
            Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.NotFound }));
        }
    }

    [Fact]
    public async Task Updating_the_tags_of_an_article_deleted_mid_request_is_404()
    {
        // The new tag rows are inserted for an article that is gone: a foreign-key failure, which was a 500.
        var author = await app.RegisterAsync("vanishing");
        var slug = await author.CreateArticleAsync();

        deleter.DeleteBeforeNextTransaction(slug);
        var response = await author.Client().PutJsonAsync($"/api/articles/{slug}", new { article = new { body = "new body", tagList = new[] { "fresh", "tags" } } });
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "article", "not found");
    }
}

/// <summary>Deletes an armed article, from its own scope and connection, as a transaction is about to begin.</summary>
public sealed class ArticleDeleter : DbTransactionInterceptor
{
    private string? armedSlug;

    public IServiceProvider? Services { get; set; }

    public void DeleteBeforeNextTransaction(string slug) => armedSlug = slug;

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref armedSlug, null) is { } slug && Services is not null)
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BlogDbContext>();
            Assert.Equal(1, await db.Articles.Where(a => a.Slug == slug).ExecuteDeleteAsync(cancellationToken));
        }

        return result;
    }
}

public sealed class RacingSqliteApp : SqliteApp
{
    public ArticleDeleter Deleter { get; } = new();

    public override async Task InitializeAsync()
    {
        Deleter.Services = Services;
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(Deleter));
    }
}

public sealed class RacingPostgresApp : PostgresApp
{
    public ArticleDeleter Deleter { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Deleter.Services = Services;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(Deleter));
    }
}

public sealed class ArticleDeletedMidWriteTests_Sqlite(RacingSqliteApp app)
    : ArticleDeletedMidWriteTests(app, app.Deleter), IClassFixture<RacingSqliteApp>;

public sealed class ArticleDeletedMidWriteTests_Postgres(RacingPostgresApp app)
    : ArticleDeletedMidWriteTests(app, app.Deleter), IClassFixture<RacingPostgresApp>;
