using Atrium.Weather.Quotas;

namespace Atrium.Weather.ApiKeys;

public static class RevokeApiKey
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/keys/{id:guid}", HandleAsync).WithName(nameof(RevokeApiKey)).WithSummary("Revokes one of the caller's API keys");

    /// <summary>
    /// The owner is in the WHERE clause: someone else's key is a 404, like a missing one. Revoking twice is
    /// fine (the first time is kept). The row stays, so the history keeps naming the key.
    /// </summary>
    internal static async Task<Results<NoContent, NotFoundError>> HandleAsync(
        Guid id, WeatherDbContext db, CurrentUser caller, CallerResolver callers, TimeProvider clock, CancellationToken ct)
    {
        var owner = caller.RequiredId;
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var updated = await db.ApiKeys.Where(k => k.Id == id && k.OwnerId == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? now), ct);
        if (updated == 0)
        {
            return new NotFoundError("apiKey");
        }

        var hash = await db.ApiKeys.Where(k => k.Id == id).Select(k => k.Hash).FirstAsync(ct);
        callers.Forget(hash);
        return TypedResults.NoContent();
    }
}
