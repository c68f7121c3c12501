namespace Atrium.Platform.Caching;

/// <summary>Tags the platform raises, for modules whose cached reads depend on platform data.</summary>
public static class CacheTags
{
    /// <summary>
    /// Raised whenever any public profile (username, bio, image) changes. One tag for all profiles,
    /// not one per user: a read keyed by slug or username learns whose profile it shows only after
    /// reading, and a per-user tag would then cost a second Redis round trip on every hit. Profile
    /// edits are rare next to reads, so refilling after one is cheap.
    /// </summary>
    public const string Profiles = "accounts:profiles";
}
