namespace Atrium.Weather.ApiKeys;

public static class ListApiKeys
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/keys", HandleAsync).WithName(nameof(ListApiKeys)).WithSummary("The caller's API keys, newest first");

    internal static async Task<Ok<ApiKeysEnvelope>> HandleAsync(WeatherDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var owner = caller.RequiredId;
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == owner)
            .OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new ApiKeysEnvelope(keys));
    }
}
