namespace Atrium.Weather.ApiKeys;

public static class CreateApiKey
{
    /// <summary>Enough for every script and app of one person; more is more likely a leak than a need.</summary>
    public const int MaxActiveKeys = 20;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/keys", HandleAsync).WithName(nameof(CreateApiKey))
            .WithSummary("Creates an API key for the weather API (shown once)");

    internal static async Task<Results<Created<CreatedApiKeyEnvelope>, ValidationFailed>> HandleAsync(
        CreateApiKeyRequest request, WeatherDbContext db, CurrentUser caller, TimeProvider clock, CancellationToken ct)
    {
        var name = request.ApiKey?.Name?.Trim();
        var invalid = ValidationFailed.From(("name", string.IsNullOrEmpty(name) || name.Length > WeatherApiKey.MaxNameLength
            ? $"must be 1 to {WeatherApiKey.MaxNameLength} characters"
            : !StorableText.IsStorable(name) ? StorableText.Problem : null));
        if (invalid is not null)
        {
            return invalid;
        }

        var owner = caller.RequiredId;
        if (await db.ApiKeys.CountAsync(k => k.OwnerId == owner && k.RevokedAt == null, ct) >= MaxActiveKeys)
        {
            return new ValidationFailed("apiKey", $"at most {MaxActiveKeys} active keys; revoke one first");
        }

        var key = WeatherApiKey.KeyPrefix + OpaqueToken.Create();
        var stored = new WeatherApiKey
        {
            OwnerId = owner,
            Name = name!,
            Hash = OpaqueToken.Hash(key),
            Prefix = key[..WeatherApiKey.PrefixLength],
            CreatedAt = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds(),
        };
        db.ApiKeys.Add(stored);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/weather/keys/{stored.Id}",
            new CreatedApiKeyEnvelope(new CreatedApiKey(stored.Id, stored.Name, stored.Prefix, stored.CreatedAt, key)));
    }
}
