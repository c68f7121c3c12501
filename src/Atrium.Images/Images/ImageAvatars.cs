using Microsoft.Extensions.Options;

namespace Atrium.Images.Images;

/// <summary>The image service's side of the accounts' avatar contract: an owned image's id → its avatar preset URL.</summary>
internal sealed class ImageAvatars(ImagesDbContext db, ImageUrls urls, IOptions<ImagesOptions> options, IHttpContextAccessor http) : IAvatarImages
{
    public async Task<(AvatarLookup Lookup, string? Url)> ResolveAsync(Guid userId, string image, CancellationToken ct)
    {
        if (!Guid.TryParseExact(image.Trim(), "D", out var id) && !Guid.TryParseExact(image.Trim(), "N", out id))
        {
            return (AvatarLookup.NotAnImageId, null);
        }

        var owned = await db.Images.AnyAsync(i => i.Id == id && i.OwnerId == userId, ct);
        if (!owned)
        {
            return (AvatarLookup.NotFound, null);
        }

        var url = urls.Preset(id, options.Value.AvatarPreset, options.Value.AvatarFormat);
        // Profiles hold absolute URLs (front ends use them as <img src>): without a configured public
        // base, the URL is made absolute with the host the request came to.
        return (AvatarLookup.Found, url.StartsWith('/') && http.HttpContext?.Request is { } request
            ? $"{request.Scheme}://{request.Host}{request.PathBase}{url}"
            : url);
    }
}
