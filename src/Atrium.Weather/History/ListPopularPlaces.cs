namespace Atrium.Weather.History;

public sealed record PopularPlacesEnvelope(IReadOnlyList<PopularPlace> Places, DateTime Since);

/// <param name="Place">A city name asked for at this location, if any request was by city.</param>
public sealed record PopularPlace(double Latitude, double Longitude, string? Place, int Requests, int CacheHits, DateTime LastRequestedAt);

public static class ListPopularPlaces
{
    public const int MaxDays = 90;
    public const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/admin/places", HandleAsync).WithName(nameof(ListPopularPlaces))
            .WithSummary("The most requested places (administrators)");

    /// <summary>Requests per rounded location over the last <paramref name="days"/> days, most requested first.</summary>
    internal static async Task<Results<Ok<PopularPlacesEnvelope>, ValidationFailed>> HandleAsync(
        int? days, int? limit, WeatherDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var invalid = ValidationFailed.From(
            ("days", days is < 1 or > MaxDays ? $"must be between 1 and {MaxDays}" : null),
            ("limit", limit is < 1 or > MaxLimit ? $"must be between 1 and {MaxLimit}" : null));
        if (invalid is not null)
        {
            return invalid;
        }

        var since = clock.GetUtcNow().UtcDateTime.AddDays(-(days ?? 7));
        var places = await db.Requests.AsNoTracking()
            .Where(r => r.CreatedAt >= since && r.Latitude != null && r.Longitude != null)
            .GroupBy(r => new { r.Latitude, r.Longitude })
            .Select(g => new
            {
                g.Key.Latitude,
                g.Key.Longitude,
                Place = g.Max(r => r.Place),
                Requests = g.Count(),
                CacheHits = g.Count(r => r.Cache == "hit"),
                Last = g.Max(r => r.CreatedAt),
            })
            .OrderByDescending(p => p.Requests).ThenByDescending(p => p.Last)
            .Take(limit ?? 20)
            .ToListAsync(ct);
        return TypedResults.Ok(new PopularPlacesEnvelope(
            places.Select(p => new PopularPlace(p.Latitude!.Value, p.Longitude!.Value, p.Place, p.Requests, p.CacheHits, p.Last)).ToList(), since));
    }
}
