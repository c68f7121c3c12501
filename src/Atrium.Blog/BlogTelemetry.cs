using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Atrium.Blog;

/// <summary>
/// The blog's own meter and activity source, both named <c>Atrium.Blog</c> (the platform's telemetry
/// picks up every <c>Atrium.*</c> name): a span per content write and <c>atrium.blog.writes</c> by kind.
/// </summary>
public sealed class BlogTelemetry
{
    public const string Name = "Atrium.Blog";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Counter<long> _writes;

    public BlogTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _writes = meter.CreateCounter<long>("atrium.blog.writes", "{write}", "Blog content written, by kind (article, comment)");
    }

    public static Activity? StartWrite(string kind) => Activities.StartActivity($"blog.{kind}.create");

    public void Wrote(string kind) => _writes.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
