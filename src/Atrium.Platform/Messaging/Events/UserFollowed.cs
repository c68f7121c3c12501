namespace Atrium.Platform.Messaging.Events;

/// <summary>A user started following another (published once, not on idempotent repeats).</summary>
public sealed record UserFollowed(Guid FollowerId, string FollowerUsername, Guid FolloweeId) : IntegrationEvent;
