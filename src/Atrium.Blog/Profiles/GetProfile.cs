namespace Atrium.Blog.Profiles;

public static class GetProfile
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/profiles/{username}", HandleAsync).WithName(nameof(GetProfile)).AllowAnonymous();

    public static async Task<Results<Ok<ProfileEnvelope>, NotFoundError>> HandleAsync(
        string username, BlogDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var profile = await ProfileQueries.FindAsync(db, username, caller.Id, ct);
        return profile is null ? new NotFoundError("profile") : TypedResults.Ok(new ProfileEnvelope(profile));
    }
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
