using System.Text;

namespace Atrium.Images.Uploads;

/// <summary>Tells an upload's type from its first bytes: never from its name or Content-Type.</summary>
public static class ImageSniffer
{
    public const string Heic = "heic";

    /// <summary>jpeg, png, gif, webp, tiff, avif, <see cref="Heic"/> (recognised but unsupported) or null.</summary>
    public static string? Detect(ReadOnlySpan<byte> b)
    {
        if (b.Length < 12)
        {
            return null;
        }

        if (b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return "jpeg";
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "png";
        }

        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8))
        {
            return "gif";
        }

        if (b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return "webp";
        }

        if (b.StartsWith("II*\0"u8) || b.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]))
        {
            return "tiff";
        }

        if (b[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(b[8..12]);
            return brand switch
            {
                "avif" or "avis" => "avif",
                "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" or "mif1" or "msf1" => Heic,
                _ => null,
            };
        }

        return null;
    }

    public static string MediaType(string format) => format switch
    {
        "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "tiff" => "image/tiff",
        "avif" => "image/avif",
        _ => "application/octet-stream",
    };
}
