using System.ComponentModel;
using Atrium.Platform.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.Profiles;

/// <summary>A profile as every viewer sees it (not followed), with the id the per-viewer part needs.</summary>
[ImmutableObject(true)]
public sealed record CachedProfile(Guid Id, ProfileResponse Profile);

public static class GetProfile
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/profiles/{username}", HandleAsync).WithName(nameof(GetProfile)).AllowAnonymous();

    public static async Task<Results<Ok<ProfileEnvelope>, NotFoundError>> HandleAsync(
        string username, BlogDbContext db, CurrentUser caller, AtriumCache cache, CancellationToken ct)
    {
        var cached = await cache.GetOrCreateAsync(
            BlogCache.ProfileKey(username), [CacheTags.Profiles],
            (services, token) => new ValueTask<CachedProfile?>(FindAsync(services.GetRequiredService<BlogDbContext>(), username, token)),
            ct);
        if (cached is null)
        {
            return new NotFoundError("profile");
        }

        var following = caller.Id is { } viewer
            && await db.Follows.AnyAsync(f => f.FollowerId == viewer && f.FolloweeId == cached.Id, ct);
        return TypedResults.Ok(new ProfileEnvelope(cached.Profile with { Following = following }));
    }

    private static Task<CachedProfile?> FindAsync(BlogDbContext db, string username, CancellationToken ct) =>
        db.Profiles.AsNoTracking().Where(p => p.Username == username)
            .Select(p => new CachedProfile(p.Id, new ProfileResponse(p.Username, p.Bio, p.Image, false)))
            .FirstOrDefaultAsync(ct);
}

public static class ProfileQueries
{
    public static Task<ProfileResponse?> FindAsync(BlogDbContext db, string username, Guid? viewer, CancellationToken ct) =>
        db.Profiles.AsNoTracking().Where(p => p.Username == username)
            .Select(p => new ProfileResponse(p.Username, p.Bio, p.Image,
                viewer != null && db.Follows.Any(f => f.FollowerId == viewer && f.FolloweeId == p.Id)))
            .FirstOrDefaultAsync(ct);

    public static Task<string?> UsernameByIdAsync(BlogDbContext db, Guid id, CancellationToken ct) =>
        db.Profiles.Where(p => p.Id == id).Select(p => p.Username).FirstOrDefaultAsync(ct);

    public static Task<Guid?> IdByUsernameAsync(BlogDbContext db, string username, CancellationToken ct) =>
        db.Profiles.Where(p => p.Username == username).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
}
