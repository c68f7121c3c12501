using Atrium.Images.Images;
using Microsoft.Extensions.Options;

namespace Atrium.Images;

/// <summary>Builds the URLs the service hands out: signed <c>/img</c> URLs and metadata responses.</summary>
public sealed class ImageUrls(UrlSigner signer, IOptions<ImagesOptions> options)
{
    public string Preset(Guid id, string preset, string extension) => SignedUrl($"pr:{preset}", id, extension);

    /// <summary>A signed URL for <paramref name="transform"/> (options as in the URL, e.g. <c>rs:fit:300:0/gs</c>).</summary>
    public string SignedUrl(string transform, Guid id, string extension)
    {
        var path = $"/{transform}/{id:N}.{extension}";
        return $"{options.Value.PublicBaseUrl.TrimEnd('/')}/img/{signer.Sign(path)}{path}";
    }

    public ImageEnvelope Envelope(StoredImage image) => new(new ImageResponse(
        image.Id, image.Format, image.Width, image.Height, image.Frames, image.Bytes, image.ContentHash, image.CreatedAt,
        $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/images/{image.Id}/original",
        options.Value.Presets.Keys.Order(StringComparer.Ordinal).ToDictionary(p => p, p => Preset(image.Id, p, options.Value.EagerFormat)),
        image.MetadataKept));
}
