using NetVips;

namespace Atrium.Images.Uploads;

/// <summary>What an upload turned out to be, or why it is refused (reason for the metric, message for the client).</summary>
public sealed record Inspection(byte[]? Stored, int Width, int Height, int Frames, string? Reason = null, string? Error = null);

/// <summary>
/// Checks an upload in two steps: the header (size, frames) before any pixel is decoded — a PNG that
/// declares 100k × 100k is refused here — and then one sequential decode, which catches truncated
/// or corrupt files. Then strips metadata from what will be stored.
/// </summary>
public static class UploadInspector
{
    public static Inspection Inspect(byte[] data, string format, bool keepMetadata, ImagesOptions limits, CancellationToken ct)
    {
        using var header = Image.NewFromBuffer(data, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
        var frames = header.Contains("n-pages") ? Math.Max(1, (int)header.Get("n-pages")) : 1;
        if ((long)header.Width * header.Height > limits.MaxPixels)
        {
            return new(null, 0, 0, 0, "pixels", $"has {(long)header.Width * header.Height} pixels, over the limit of {limits.MaxPixels}");
        }

        if (frames > limits.MaxFrames)
        {
            return new(null, 0, 0, 0, "frames", $"has {frames} frames, over the limit of {limits.MaxFrames}");
        }

        // One full, sequential decode: a truncated file fails here instead of in every later transform.
        header.SetProgress(new Progress<int>(), ct);
        _ = header.Avg();

        var orientation = header.Contains("orientation") ? (int)header.Get("orientation") : 1;
        var (width, height) = orientation >= 5 ? (header.Height, header.Width) : (header.Width, header.Height);
        if (keepMetadata)
        {
            // Stored as sent, tag and all; the size reported is the one it is shown (and rendered) at.
            return new(data, width, height, frames);
        }

        if (orientation != 1)
        {
            // Stripping EXIF would lose the orientation: apply it to the pixels once, here.
            using var upright = Image.NewFromBuffer(data, access: Enums.Access.Random).Autorot();
            return new(Reencode(upright, format), width, height, frames);
        }

        var stripped = format switch
        {
            "jpeg" => MetadataStripper.StripJpeg(data),
            "png" => MetadataStripper.StripPng(data),
            // GIF has no EXIF; its bytes (animation included) are kept as they are.
            "gif" => data,
            _ => null,
        };
        if (stripped is not null)
        {
            return new(stripped, width, height, frames);
        }

        using var all = Image.NewFromBuffer(data, access: Enums.Access.Sequential, kwargs: frames > 1 ? new VOption { { "n", -1 } } : null);
        return new(Reencode(all, format), width, height, frames);
    }

    // Lossless where the format allows, high quality where it doesn't; colour profiles are kept.
    private static byte[] Reencode(Image image, string format) => format switch
    {
        "jpeg" => image.JpegsaveBuffer(q: 95, keep: Enums.ForeignKeep.Icc),
        "png" => image.PngsaveBuffer(keep: Enums.ForeignKeep.Icc),
        "webp" => image.WebpsaveBuffer(q: 95, keep: Enums.ForeignKeep.Icc),
        "avif" => image.HeifsaveBuffer(q: 90, compression: Enums.ForeignHeifCompression.Av1, keep: Enums.ForeignKeep.Icc),
        "gif" => image.GifsaveBuffer(keep: Enums.ForeignKeep.None),
        _ => image.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.Deflate, keep: Enums.ForeignKeep.Icc),
    };
}
