using Microsoft.Extensions.Options;

namespace Atrium.Images.Images;

/// <summary>The image service's side of the accounts' avatar contract: an owned image's id → its avatar preset URL.</summary>
internal sealed class ImageAvatars(ImagesDbContext db, ImageUrls urls, IOptions<ImagesOptions> options) : IAvatarImages
{
    public async Task<(AvatarLookup Lookup, string? Url)> ResolveAsync(Guid userId, string image, CancellationToken ct)
    {
        if (!Guid.TryParseExact(image.Trim(), "D", out var id) && !Guid.TryParseExact(image.Trim(), "N", out id))
        {
            return (AvatarLookup.NotAnImageId, null);
        }

        var owned = await db.Images.AnyAsync(i => i.Id == id && i.OwnerId == userId, ct);
        return owned
            ? (AvatarLookup.Found, urls.Preset(id, options.Value.AvatarPreset, options.Value.AvatarFormat))
            : (AvatarLookup.NotFound, null);
    }
}
