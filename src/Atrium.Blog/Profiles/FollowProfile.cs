using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;

namespace Atrium.Blog.Profiles;

public static class FollowProfile
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/profiles/{username}/follow", HandleAsync).WithName(nameof(FollowProfile));

    /// <summary>Idempotent. Following oneself is refused: it would only fill one's own feed.</summary>
    public static async Task<Results<Ok<ProfileEnvelope>, NotFoundError, ValidationFailed>> HandleAsync(
        string username, BlogDbContext db, CurrentUser caller, CancellationToken ct)
    {
        var me = caller.RequiredId;
        if (await ProfileQueries.IdByUsernameAsync(db, username, ct) is not { } followeeId)
        {
            return new NotFoundError("profile");
        }

        if (followeeId == me)
        {
            return new ValidationFailed("profile", "can't follow yourself");
        }

        if (!await db.Follows.AnyAsync(f => f.FollowerId == me && f.FolloweeId == followeeId, ct))
        {
            var myName = await ProfileQueries.UsernameByIdAsync(db, me, ct) ?? "";
            db.Follows.Add(new Follow { FollowerId = me, FolloweeId = followeeId });
            db.AddEvent(new UserFollowed(me, myName, followeeId));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                db.ChangeTracker.Clear();
            }
        }

        var profile = await ProfileQueries.FindAsync(db, username, me, ct);
        return profile is null ? new NotFoundError("profile") : TypedResults.Ok(new ProfileEnvelope(profile));
    }
}
