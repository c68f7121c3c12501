namespace Atrium.Weather.ApiKeys;

public sealed record ApiKeyView(Guid Id, string Name, string Prefix, DateTime CreatedAt, DateTime? RevokedAt);

/// <param name="Key">The key itself: shown this once, only its hash is kept.</param>
public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, DateTime CreatedAt, string Key);

public sealed record CreatedApiKeyEnvelope(CreatedApiKey ApiKey);

public sealed record ApiKeysEnvelope(IReadOnlyList<ApiKeyView> ApiKeys);

public sealed record CreateApiKeyRequest(NewApiKey? ApiKey);

public sealed record NewApiKey(string? Name);
