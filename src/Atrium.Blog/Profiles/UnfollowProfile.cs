namespace Atrium.Blog.Profiles;

public static class UnfollowProfile
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/profiles/{username}/follow", HandleAsync).WithName(nameof(UnfollowProfile));

    public static async Task<Results<Ok<ProfileEnvelope>, NotFoundError>> HandleAsync(
        string username, BlogDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var me = caller.RequiredId;
        if (await ProfileQueries.IdByUsernameAsync(db, username, ct) is not { } followeeId)
        {
            return new NotFoundError("profile");
        }

        await db.Follows.Where(f => f.FollowerId == me && f.FolloweeId == followeeId).ExecuteDeleteAsync(ct);
        var profile = await ProfileQueries.FindAsync(db, username, me, ct);
        return profile is null ? new NotFoundError("profile") : TypedResults.Ok(new ProfileEnvelope(profile));
    }
}
