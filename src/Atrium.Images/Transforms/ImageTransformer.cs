using NetVips;

namespace Atrium.Images.Transforms;

/// <summary>The result bytes, or why the request can't be served (422).</summary>
public sealed record TransformOutcome(byte[]? Bytes, string? Error);

/// <summary>
/// A source image: a file libvips reads itself (local storage: no copy into managed memory, which for
/// a 12 MP JPEG is megabytes per request on the large-object heap) or bytes fetched from elsewhere.
/// </summary>
public sealed record SourceImage(string? Path, byte[]? Bytes)
{
    public Image Load(Enums.Access access) => Path is not null
        ? Image.NewFromFile(Path, access: access, failOn: Enums.FailOn.Error)
        : Image.NewFromBuffer(Bytes!, access: access, failOn: Enums.FailOn.Error);

    public Image Thumbnail(int width, int height, Enums.Size size, Enums.Interesting crop) => Path is not null
        ? Image.Thumbnail(Path, width, height: height, size: size, crop: crop, failOn: Enums.FailOn.Error)
        : Image.ThumbnailBuffer(Bytes!, width, height: height, size: size, crop: crop, failOn: Enums.FailOn.Error);
}

/// <summary>
/// Runs a transform through libvips. Without a crop, resizing is libvips' thumbnail (shrink-on-load:
/// a JPEG is decoded at 1/2, 1/4 or 1/8 scale; nothing larger than needed is ever in memory); other
/// pipelines load sequentially unless an operation needs random access.
/// </summary>
public static class ImageTransformer
{
    // vips' own "as large as you like" for one unset side of a fit.
    private const int Unbounded = 10_000_000;

    public static TransformOutcome Run(SourceImage source, TransformOptions o, OutputFormat format, ImagesOptions limits, CancellationToken ct)
    {
        using var image = Build(source, o, out var error);
        if (image is null)
        {
            return new(null, error);
        }

        if (image.Width > limits.MaxDimension || image.Height > limits.MaxDimension)
        {
            return new(null, $"the result would be {image.Width}x{image.Height}, over the {limits.MaxDimension} pixel limit per side");
        }

        using var ready = Prepare(image, format);
        // The kill switch: when the token fires (timeout or client gone), libvips stops evaluating.
        ready.SetProgress(new Progress<int>(), ct);
        var bytes = Encode(ready, format, o.Quality ?? limits.DefaultQuality);
        ct.ThrowIfCancellationRequested();
        return bytes.LongLength > limits.MaxResultBytes
            ? new(null, $"the result would be {bytes.LongLength} bytes, over the {limits.MaxResultBytes} byte limit")
            : new(bytes, null);
    }

    private static Image? Build(SourceImage source, TransformOptions o, out string? error)
    {
        error = null;
        Image image;
        if (o.Crop is null && o.Resize != ResizeMode.None)
        {
            image = Thumbnail(source, o);
        }
        else
        {
            var random = o.Crop is not null || o.Rotate != 0 || o.FlipHorizontal || o.FlipVertical;
            image = source.Load(random ? Enums.Access.Random : Enums.Access.Sequential);
            if (Orientation(image) != 1)
            {
                // An original kept with its metadata may still carry an EXIF orientation: turn it upright
                // first, as thumbnail does, so crops and every other path see the image as it is shown.
                if (!random)
                {
                    image.Dispose();
                    image = source.Load(Enums.Access.Random);
                }

                image = Replace(image, image.Autorot());
            }
            if (o.Crop is { } crop)
            {
                var cropped = Crop(image, crop, out error);
                image.Dispose();
                if (cropped is null)
                {
                    return null;
                }

                image = cropped;
            }

            if (o.Resize != ResizeMode.None)
            {
                image = Replace(image, image.ThumbnailImage(Side(o.Width), Side(o.Height), Size(o), crop: Interest(o)));
            }
        }

        if (o.Rotate != 0)
        {
            image = Replace(image, image.Rot(o.Rotate switch { 90 => Enums.Angle.D90, 180 => Enums.Angle.D180, _ => Enums.Angle.D270 }));
        }

        if (o.FlipHorizontal)
        {
            image = Replace(image, image.Flip(Enums.Direction.Horizontal));
        }

        if (o.FlipVertical)
        {
            image = Replace(image, image.Flip(Enums.Direction.Vertical));
        }

        if (o.Grayscale)
        {
            image = Replace(image, image.Colourspace(Enums.Interpretation.Bw));
        }

        if (o.Blur > 0)
        {
            image = Replace(image, image.Gaussblur(o.Blur));
        }

        if (o.Sharpen > 0)
        {
            image = Replace(image, image.Sharpen(sigma: o.Sharpen));
        }

        return image;
    }

    private static int Orientation(Image image) => image.Contains("orientation") ? (int)image.Get("orientation") : 1;

    private static Image Thumbnail(SourceImage source, TransformOptions o) =>
        source.Thumbnail(Side(o.Width), Side(o.Height), Size(o), Interest(o));

    private static int Side(int value) => value > 0 ? value : Unbounded;

    // Like imgproxy, fit and fill never enlarge; force sets the exact size.
    private static Enums.Size Size(TransformOptions o) => o.Resize == ResizeMode.Force ? Enums.Size.Force : Enums.Size.Down;

    private static Enums.Interesting Interest(TransformOptions o) => o.Resize switch
    {
        ResizeMode.Fill => o.Smart ? Enums.Interesting.Attention : Enums.Interesting.Centre,
        _ => Enums.Interesting.None,
    };

    private static Image? Crop(Image image, CropSpec crop, out string? error)
    {
        error = null;
        if (crop.IsRectangle)
        {
            if (crop.X >= image.Width || crop.Y >= image.Height)
            {
                error = $"the crop starts outside the {image.Width}x{image.Height} image";
                return null;
            }

            return image.ExtractArea(crop.X!.Value, crop.Y!.Value, Math.Min(crop.Width, image.Width - crop.X.Value), Math.Min(crop.Height, image.Height - crop.Y.Value));
        }

        var width = Math.Min(crop.Width, image.Width);
        var height = Math.Min(crop.Height, image.Height);
        if (crop.Gravity == "sm")
        {
            return image.Smartcrop(width, height, interesting: Enums.Interesting.Attention);
        }

        var spareX = image.Width - width;
        var spareY = image.Height - height;
        var left = crop.Gravity.Contains("we", StringComparison.Ordinal) ? 0 : crop.Gravity.Contains("ea", StringComparison.Ordinal) ? spareX : spareX / 2;
        var top = crop.Gravity.StartsWith("no", StringComparison.Ordinal) ? 0 : crop.Gravity.StartsWith("so", StringComparison.Ordinal) ? spareY : spareY / 2;
        return image.ExtractArea(left, top, width, height);
    }

    private static Image Prepare(Image image, OutputFormat format)
    {
        var result = image;
        if (result.Interpretation is not (Enums.Interpretation.Srgb or Enums.Interpretation.Bw))
        {
            result = result.Colourspace(result.Bands >= 3 || result.Interpretation == Enums.Interpretation.Cmyk ? Enums.Interpretation.Srgb : Enums.Interpretation.Bw);
        }

        if (format == OutputFormat.Jpeg && result.HasAlpha())
        {
            var flattened = result.Flatten(background: [255]);
            if (!ReferenceEquals(result, image))
            {
                result.Dispose();
            }

            result = flattened;
        }

        return ReferenceEquals(result, image) ? image.Copy() : result;
    }

    // Metadata (EXIF, XMP, ICC) is never written to results: keep=None.
    private static byte[] Encode(Image image, OutputFormat format, int quality) => format.Name switch
    {
        "jpeg" => image.JpegsaveBuffer(q: quality, optimizeCoding: true, keep: Enums.ForeignKeep.None),
        "png" => image.PngsaveBuffer(compression: 6, keep: Enums.ForeignKeep.None),
        "webp" => image.WebpsaveBuffer(q: quality, keep: Enums.ForeignKeep.None),
        _ => image.HeifsaveBuffer(q: quality, compression: Enums.ForeignHeifCompression.Av1, effort: 2, keep: Enums.ForeignKeep.None),
    };

    private static Image Replace(Image old, Image next)
    {
        old.Dispose();
        return next;
    }
}
