namespace Atrium.Images.Transforms;

/// <summary>An encoding the service produces.</summary>
public sealed record OutputFormat(string Name, string Extension, string MediaType)
{
    public static readonly OutputFormat Jpeg = new("jpeg", "jpg", "image/jpeg");
    public static readonly OutputFormat Png = new("png", "png", "image/png");
    public static readonly OutputFormat Webp = new("webp", "webp", "image/webp");
    public static readonly OutputFormat Avif = new("avif", "avif", "image/avif");

    public static OutputFormat? FromExtension(string extension) => extension.ToLowerInvariant() switch
    {
        "jpg" or "jpeg" => Jpeg,
        "png" => Png,
        "webp" => Webp,
        "avif" => Avif,
        _ => null,
    };

    /// <summary>
    /// The best format the client accepts: AVIF, then WebP, then PNG for images with transparency
    /// (and PNG sources), else JPEG. Only explicit media types count, not wildcards.
    /// </summary>
    public static OutputFormat Negotiate(string? accept, bool preferPng)
    {
        var header = accept ?? "";
        if (header.Contains("image/avif", StringComparison.OrdinalIgnoreCase))
        {
            return Avif;
        }

        if (header.Contains("image/webp", StringComparison.OrdinalIgnoreCase))
        {
            return Webp;
        }

        return preferPng ? Png : Jpeg;
    }
}

/// <summary>Preset names: URL-safe and short.</summary>
public static class PresetName
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
