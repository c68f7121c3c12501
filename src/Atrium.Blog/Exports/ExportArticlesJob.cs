using System.Text.Json;
using Atrium.Platform.Jobs;

namespace Atrium.Blog.Exports;

public sealed record ExportArticlesArgs(Guid AuthorId);

/// <summary>
/// Writes the author's articles to <c>exports/{jobId}.json</c> under the data directory, a page at a
/// time with progress; the file appears whole or not at all (written aside, then renamed).
/// </summary>
public sealed class ExportArticlesJob(BlogDbContext db, TimeProvider clock) : IBackgroundJob<ExportArticlesArgs>
{
    public const string Name = "blog.export-articles";
    private const int PageSize = 100;

    public async Task RunAsync(ExportArticlesArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var total = await db.Articles.CountAsync(a => a.AuthorId == args.AuthorId, cancellationToken);
        var folder = Path.Combine(context.DataDirectory, "exports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{context.JobId:N}.json");
        var temporary = path + ".tmp";
        await context.ReportProgressAsync(0, $"0 of {total} articles", cancellationToken);

        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            await using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("exportedAt", clock.GetUtcNow().UtcDateTime);
                json.WriteNumber("count", total);
                json.WriteStartArray("articles");
                var written = 0;
                var after = 0L;
                while (true)
                {
                    var page = await db.Articles.AsNoTracking()
                        .Where(a => a.AuthorId == args.AuthorId && a.Id > after)
                        .OrderBy(a => a.Id).Take(PageSize)
                        .Select(a => new { a.Id, a.Slug, a.Title, a.Description, a.Body, a.TagList, a.CreatedAt, a.UpdatedAt, a.FavoritesCount })
                        .ToListAsync(cancellationToken);
                    foreach (var article in page)
                    {
                        json.WriteStartObject();
                        json.WriteString("slug", article.Slug);
                        json.WriteString("title", article.Title);
                        json.WriteString("description", article.Description);
                        json.WriteString("body", article.Body);
                        json.WriteStartArray("tagList");
                        article.TagList.ForEach(json.WriteStringValue);
                        json.WriteEndArray();
                        json.WriteString("createdAt", article.CreatedAt);
                        json.WriteString("updatedAt", article.UpdatedAt);
                        json.WriteNumber("favoritesCount", article.FavoritesCount);
                        json.WriteEndObject();
                    }

                    await json.FlushAsync(cancellationToken);
                    written += page.Count;
                    if (page.Count < PageSize)
                    {
                        break;
                    }

                    after = page[^1].Id;
                    // 99 at most until the file is in place: 100 % means "ready to download".
                    await context.ReportProgressAsync(Math.Min(99, written * 100 / Math.Max(1, total)), $"{written} of {total} articles", cancellationToken);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }
        }
        catch
        {
            // A failed or cancelled export leaves no half-written file behind.
            File.Delete(temporary);
            throw;
        }

        File.Move(temporary, path, overwrite: true);
        context.SetResultFile(path);
        await context.ReportProgressAsync(100, $"{total} articles exported", cancellationToken);
    }
}
