using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Admin;

/// <summary>
/// A module's part of <c>seed</c>: given the seeded accounts, it adds its own demo content through its
/// own slices (the code paths the API uses), never by writing another module's tables.
/// </summary>
public interface IDemoDataSeeder
{
    /// <summary>What <see cref="DemoSeed.Articles"/> counts, for the progress bar (e.g. "articles").</summary>
    string Label { get; }

    Task SeedAsync(DemoSeed seed, IProgress<int> progress, CancellationToken ct);
}

/// <summary>The seeded accounts and how much content to make. <see cref="Random"/> is seeded so runs are repeatable.</summary>
public sealed record DemoSeed(IReadOnlyList<Guid> UserIds, int Articles, Random Random);

public static class DemoDataRegistration
{
    public static IServiceCollection AddDemoDataSeeder<TSeeder>(this IServiceCollection services)
        where TSeeder : class, IDemoDataSeeder =>
        services.AddSingleton<IDemoDataSeeder, TSeeder>();
}

/// <summary>Realistic-looking names and prose for demo data.</summary>
public static class DemoText
{
    private static readonly string[] FirstNames =
        ["ada", "grace", "alan", "edsger", "barbara", "donald", "margaret", "linus", "radia", "ken", "frances", "niklaus", "leslie", "hedy", "tim", "sophie"];

    private static readonly string[] LastNames =
        ["lovelace", "hopper", "turing", "dijkstra", "liskov", "knuth", "hamilton", "torvalds", "perlman", "thompson", "allen", "wirth", "lamport", "lamarr", "berners", "wilson"];

    private static readonly string[] Words =
        ["system", "design", "latency", "cache", "query", "schema", "module", "deploy", "metric", "trace", "queue", "event", "index", "backup", "release", "review",
         "pattern", "service", "token", "storage", "network", "budget", "error", "signal", "pipeline", "contract", "migration", "replica", "shard", "thread"];

    public static readonly string[] Tags =
        ["dotnet", "postgres", "sqlite", "redis", "devops", "testing", "design", "performance", "security", "career", "architecture", "observability"];

    public static string Username(Random random) =>
        $"{FirstNames[random.Next(FirstNames.Length)]}_{LastNames[random.Next(LastNames.Length)]}{random.Next(1000, 100000)}";

    public static string Sentence(Random random, int minWords, int maxWords)
    {
        var words = Enumerable.Range(0, random.Next(minWords, maxWords + 1)).Select(_ => Words[random.Next(Words.Length)]).ToArray();
        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    public static string Paragraphs(Random random, int count) =>
        string.Join("\n\n", Enumerable.Range(0, count).Select(_ =>
            string.Join(' ', Enumerable.Range(0, random.Next(3, 7)).Select(_ => Sentence(random, 6, 16) + "."))));
}
