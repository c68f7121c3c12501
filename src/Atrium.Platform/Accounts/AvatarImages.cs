namespace Atrium.Platform.Accounts;

/// <summary>What <see cref="IAvatarImages"/> made of an <c>image</c> value.</summary>
public enum AvatarLookup
{
    /// <summary>Not an image id: the value is kept as given (a URL, as RealWorld sends).</summary>
    NotAnImageId,
    Found,
    NotFound,
}

/// <summary>
/// The contract through which <c>PUT /api/user</c> accepts an uploaded image's id as the avatar: an image
/// service registers an implementation that answers the avatar URL for an image the user owns. Accounts
/// never read the image service's tables; without one registered, every value is kept as given.
/// </summary>
public interface IAvatarImages
{
    Task<(AvatarLookup Lookup, string? Url)> ResolveAsync(Guid userId, string image, CancellationToken ct);
}

internal sealed class NoAvatarImages : IAvatarImages
{
    public Task<(AvatarLookup Lookup, string? Url)> ResolveAsync(Guid userId, string image, CancellationToken ct) =>
        Task.FromResult<(AvatarLookup, string?)>((AvatarLookup.NotAnImageId, null));
}
