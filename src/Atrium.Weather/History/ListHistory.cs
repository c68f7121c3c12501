using Atrium.Weather.Quotas;

namespace Atrium.Weather.History;

public sealed record WeatherHistoryEnvelope(IReadOnlyList<WeatherHistoryEntry> Requests, int RequestsCount);

public sealed record WeatherHistoryEntry(
    Guid Id, string Endpoint, string Caller, string? Place, double? Latitude, double? Longitude, string Query, string Cache,
    int Status, int? UpstreamStatus, double? UpstreamMilliseconds, DateTime CreatedAt);

public static class ListHistory
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/history", HandleAsync).WithName(nameof(ListHistory))
            .WithSummary("The caller's own weather requests, newest first")
            .WithDescription("A signed-in user sees the requests made with their token and with their API keys; an API key sees its own.");

    internal static async Task<Results<Ok<WeatherHistoryEnvelope>, ValidationFailed, UnauthorizedError>> HandleAsync(
        int? limit, int? offset, HttpContext context, WeatherDbContext db, CancellationToken ct)
    {
        var invalid = ValidationFailed.From(
            ("limit", limit is < 1 or > MaxLimit ? $"must be between 1 and {MaxLimit}" : null),
            ("offset", offset is < 0 ? "must be 0 or more" : null));
        if (invalid is not null)
        {
            return invalid;
        }

        var caller = WeatherCaller.Of(context);
        IQueryable<WeatherRequest> mine;
        if (caller.Kind == "user")
        {
            // The history stores every caller id as text (a user's, a key's, an address hash); the providers
            // spell a Guid as text differently, so the owner's key ids are read and formatted here.
            var owner = Guid.Parse(caller.Id);
            var keys = (await db.ApiKeys.Where(k => k.OwnerId == owner).Select(k => k.Id).ToListAsync(ct)).Select(k => k.ToString()).ToList();
            mine = db.Requests.Where(r => (r.CallerKind == "user" && r.CallerId == caller.Id) || (r.CallerKind == "key" && keys.Contains(r.CallerId)));
        }
        else if (caller.Kind == "key")
        {
            mine = db.Requests.Where(r => r.CallerKind == "key" && r.CallerId == caller.Id);
        }
        else
        {
            // An address hash is shared by everyone behind one NAT: not an identity to show history to.
            return new UnauthorizedError("token", "sign in or present an API key to see your history");
        }

        var count = await mine.CountAsync(ct);
        var page = await mine.AsNoTracking().OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(offset ?? 0).Take(limit ?? DefaultLimit)
            .Select(r => new WeatherHistoryEntry(r.Id, r.Endpoint, r.CallerKind, r.Place, r.Latitude, r.Longitude, r.Query, r.Cache,
                r.Status, r.UpstreamStatus, r.UpstreamMilliseconds, r.CreatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new WeatherHistoryEnvelope(page, count));
    }
}
