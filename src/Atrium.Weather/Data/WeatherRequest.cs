namespace Atrium.Weather.Data;

/// <summary>
/// One answered weather request. The caller is a user id, an API key id, or, for anonymous callers,
/// a salted hash of the client address: raw addresses are never stored.
/// </summary>
public sealed class WeatherRequest
{
    public const int MaxKindLength = 16;
    public const int MaxCallerIdLength = 64;
    public const int MaxPlaceLength = 200;
    public const int MaxQueryLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary><c>user</c>, <c>key</c> or <c>anonymous</c>.</summary>
    public required string CallerKind { get; init; }

    public required string CallerId { get; init; }

    /// <summary><c>forecast</c> (/v1/forecast) or <c>city</c> (/api/weather).</summary>
    public required string Endpoint { get; init; }

    /// <summary>The first location, rounded as in the cache key (null when the request was invalid).</summary>
    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>The city asked for, for city requests.</summary>
    public string? Place { get; init; }

    /// <summary>The normalised query (the cache key), cut to <see cref="MaxQueryLength"/>.</summary>
    public required string Query { get; init; }

    /// <summary><c>hit</c>, <c>miss</c>, <c>stale</c>, <c>rejected</c>, <c>unavailable</c> or <c>invalid</c>.</summary>
    public required string Cache { get; init; }

    /// <summary>The status this server answered with.</summary>
    public int Status { get; init; }

    /// <summary>The upstream's status, when it was asked (null on a hit).</summary>
    public int? UpstreamStatus { get; init; }

    public double? UpstreamMilliseconds { get; init; }

    public DateTime CreatedAt { get; init; }
}
