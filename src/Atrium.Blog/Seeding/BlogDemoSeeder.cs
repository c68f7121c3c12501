using Atrium.Blog.Articles;
using Atrium.Blog.Comments;
using Atrium.Platform.Admin;
using Atrium.Platform.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Seeding;

/// <summary>
/// The blog's part of the <c>seed</c> command: articles with tags, a few comments and favorites each,
/// written by random seeded accounts through the same slices the API calls (events, cache and all).
/// </summary>
public sealed class BlogDemoSeeder(IServiceScopeFactory scopes) : IDemoDataSeeder
{
    public string Label => "articles";

    public async Task SeedAsync(DemoSeed seed, IProgress<int> progress, CancellationToken ct)
    {
        var random = seed.Random;
        for (var i = 0; i < seed.Articles; i++)
        {
            // One scope per article: a fresh change tracker, as one request would have.
            await using var scope = scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<BlogDbContext>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var cache = sp.GetRequiredService<AtriumCache>();
            var telemetry = sp.GetRequiredService<BlogTelemetry>();
            var author = new CurrentUser(Pick(seed.UserIds, random));
            var tags = DemoText.Tags.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
            var created = await CreateArticle.HandleAsync(
                new CreateArticleRequest(new CreateArticleFields(
                    DemoText.Sentence(random, 3, 8), DemoText.Sentence(random, 6, 14) + ".", DemoText.Paragraphs(random, random.Next(2, 6)), tags)),
                db, author, clock, cache, telemetry, ct);
            if (created.Result is not Created<ArticleEnvelope> { Value: { } article })
            {
                throw new InvalidOperationException($"Creating demo article {i + 1} failed.");
            }

            var slug = article.Article.Slug;
            for (var c = random.Next(0, 4); c > 0; c--)
            {
                db.ChangeTracker.Clear();
                await AddComment.HandleAsync(slug, new AddCommentRequest(new AddCommentFields(DemoText.Sentence(random, 5, 20) + ".")),
                    db, new CurrentUser(Pick(seed.UserIds, random)), clock, telemetry, ct);
            }

            foreach (var fan in seed.UserIds.OrderBy(_ => random.Next()).Take(random.Next(0, Math.Min(5, seed.UserIds.Count) + 1)))
            {
                db.ChangeTracker.Clear();
                await FavoriteArticle.HandleAsync(slug, db, new CurrentUser(fan), cache, ct);
            }

            progress.Report(i + 1);
        }
    }

    private static Guid Pick(IReadOnlyList<Guid> ids, Random random) => ids[random.Next(ids.Count)];
}
