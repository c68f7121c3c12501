using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Atrium.Testing;

namespace Atrium.Blog.Tests.Telemetry;

/// <summary>The blog's own meter and activity source (<c>Atrium.Blog</c>) record its content writes.</summary>
public sealed class BlogTelemetryTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Creating_an_article_and_a_comment_records_a_span_and_a_count_each()
    {
        var writes = new ConcurrentBag<string>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == BlogTelemetry.Name && instrument.Name == "atrium.blog.writes")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "kind")
                {
                    writes.Add((string)tag.Value!);
                }
            }
        });
        meters.Start();
        var spans = new ConcurrentBag<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BlogTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Add(activity.OperationName),
        };
        ActivitySource.AddActivityListener(activities);

        var author = await app.RegisterAsync("telemetry");
        var slug = await author.CreateArticleAsync();
        await author.AddCommentAsync(slug);

        Assert.Contains("article", writes);
        Assert.Contains("comment", writes);
        Assert.Contains("blog.article.create", spans);
        Assert.Contains("blog.comment.create", spans);
    }
}
