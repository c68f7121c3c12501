namespace Atrium.Weather.Data;

/// <summary>
/// A user's key for the weather API. Only the SHA-256 of the key is stored: the key is 256 random bits,
/// so a slow password hash would add nothing, and a plain hash can be looked up by a unique index.
/// </summary>
public sealed class WeatherApiKey
{
    public const int MaxNameLength = 100;
    public const int PrefixLength = 12;

    /// <summary>Every key starts with it, so a leaked key is easy to recognise (secret scanners, logs).</summary>
    public const string KeyPrefix = "atrwx_";

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OwnerId { get; init; }

    public required string Name { get; init; }

    public required string Hash { get; init; }

    /// <summary>The key's first characters, shown in lists so the owner can tell keys apart.</summary>
    public required string Prefix { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? RevokedAt { get; set; }
}
