using System.Globalization;

namespace Atrium.Images.Transforms;

public sealed record ParseResult(TransformOptions? Options, string? Error);

/// <summary>
/// Parses the options part of an <c>/img</c> URL: options separated by <c>/</c>, arguments by <c>:</c>
/// (<c>rs:fill:300:200/bl:2/gs</c>); <c>-</c> alone means none; <c>pr:NAME</c> expands a preset. A later
/// option of the same kind replaces an earlier one. Every value is checked against the limits here.
/// </summary>
public static class TransformOptionsParser
{
    private const int MaxOptions = 20;
    private static readonly HashSet<string> Gravities = ["ce", "no", "so", "ea", "we", "noea", "nowe", "soea", "sowe", "sm"];

    public static ParseResult Parse(string text, ImagesOptions limits, IReadOnlyDictionary<string, string>? presets)
    {
        var options = new TransformOptions();
        if (text == "-")
        {
            return new(options, null);
        }

        var segments = text.Split('/');
        if (segments.Length > MaxOptions)
        {
            return new(null, $"at most {MaxOptions} options");
        }

        foreach (var segment in segments)
        {
            var args = segment.Split(':');
            string? error;
            if (args[0] == "pr" && presets is not null)
            {
                if (args.Length != 2 || !presets.TryGetValue(args[1], out var preset))
                {
                    return new(null, $"'{segment}': no such preset");
                }

                // Presets are plain options (no nesting): validated at start.
                var expanded = Parse(preset, limits, presets: null);
                if (expanded.Options is null)
                {
                    return expanded;
                }

                options = Merge(options, expanded.Options);
                continue;
            }

            (options, error) = Apply(options, args, limits);
            if (error is not null)
            {
                return new(null, $"'{segment}': {error}");
            }
        }

        return new(options, null);
    }

    /// <summary>Whether every option is a preset reference (presets-only mode).</summary>
    public static bool IsPresetsOnly(string text) => text.Split('/').All(s => s.StartsWith("pr:", StringComparison.Ordinal));

    private static (TransformOptions, string?) Apply(TransformOptions o, string[] a, ImagesOptions limits)
    {
        switch (a[0])
        {
            case "rs" when a.Length == 4:
                var mode = a[1] switch { "fit" => ResizeMode.Fit, "fill" => ResizeMode.Fill, "force" => ResizeMode.Force, _ => ResizeMode.None };
                if (mode == ResizeMode.None)
                {
                    return (o, "resize mode must be fit, fill or force");
                }

                if (!Int(a[2], 0, limits.MaxDimension, out var w) || !Int(a[3], 0, limits.MaxDimension, out var h))
                {
                    return (o, $"width and height must be 0 to {limits.MaxDimension}");
                }

                if (w == 0 && h == 0)
                {
                    return (o, "width or height must be set");
                }

                if (mode != ResizeMode.Fit && (w == 0 || h == 0))
                {
                    return (o, $"{a[1]} needs both width and height");
                }

                return (o with { Resize = mode, Width = w, Height = h }, null);
            case "c" when a.Length is 3 or 4:
                if (!Int(a[1], 1, limits.MaxDimension, out var cw) || !Int(a[2], 1, limits.MaxDimension, out var ch))
                {
                    return (o, $"crop size must be 1 to {limits.MaxDimension}");
                }

                var gravity = a.Length == 4 ? a[3] : "ce";
                return Gravities.Contains(gravity)
                    ? (o with { Crop = new CropSpec(cw, ch, gravity) }, null)
                    : (o, "gravity must be one of ce, no, so, ea, we, noea, nowe, soea, sowe, sm");
            case "c" when a.Length == 5:
                return Int(a[1], 0, limits.MaxDimension, out var x) && Int(a[2], 0, limits.MaxDimension, out var y)
                    && Int(a[3], 1, limits.MaxDimension, out var rw) && Int(a[4], 1, limits.MaxDimension, out var rh)
                    ? (o with { Crop = new CropSpec(rw, rh, "", x, y) }, null)
                    : (o, $"crop values must be within 0 to {limits.MaxDimension}");
            case "bl" when a.Length == 2:
                return Sigma(a[1], limits.MaxBlurSigma, out var blur) ? (o with { Blur = blur }, null) : (o, $"blur sigma must be 0 to {limits.MaxBlurSigma}");
            case "sh" when a.Length == 2:
                return Sigma(a[1], limits.MaxSharpenSigma, out var sharpen) ? (o with { Sharpen = sharpen }, null) : (o, $"sharpen sigma must be 0 to {limits.MaxSharpenSigma}");
            case "gs" when a.Length == 1:
                return (o with { Grayscale = true }, null);
            case "sm" when a.Length == 1:
                return (o with { Smart = true }, null);
            case "rot" when a.Length == 2:
                return a[1] is "0" or "90" or "180" or "270" ? (o with { Rotate = int.Parse(a[1], CultureInfo.InvariantCulture) }, null) : (o, "rotation must be 90, 180 or 270");
            case "fl" when a.Length == 2:
                return a[1] is "h" or "v" or "hv" or "vh"
                    ? (o with { FlipHorizontal = a[1].Contains('h'), FlipVertical = a[1].Contains('v') }, null)
                    : (o, "flip must be h, v or hv");
            case "q" when a.Length == 2:
                return Int(a[1], 1, 100, out var q) ? (o with { Quality = q }, null) : (o, "quality must be 1 to 100");
            default:
                return (o, "unknown option or wrong number of arguments");
        }
    }

    private static TransformOptions Merge(TransformOptions current, TransformOptions preset) => current with
    {
        Resize = preset.Resize != ResizeMode.None ? preset.Resize : current.Resize,
        Width = preset.Resize != ResizeMode.None ? preset.Width : current.Width,
        Height = preset.Resize != ResizeMode.None ? preset.Height : current.Height,
        Smart = current.Smart || preset.Smart,
        Crop = preset.Crop ?? current.Crop,
        Rotate = preset.Rotate != 0 ? preset.Rotate : current.Rotate,
        FlipHorizontal = current.FlipHorizontal || preset.FlipHorizontal,
        FlipVertical = current.FlipVertical || preset.FlipVertical,
        Grayscale = current.Grayscale || preset.Grayscale,
        Blur = preset.Blur > 0 ? preset.Blur : current.Blur,
        Sharpen = preset.Sharpen > 0 ? preset.Sharpen : current.Sharpen,
        Quality = preset.Quality ?? current.Quality,
    };

    // Digits only: no signs, spaces or exponents, so one value has one spelling in a normalised key.
    private static bool Int(string text, int min, int max, out int value)
    {
        value = 0;
        return text.Length is > 0 and <= 6 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static bool Sigma(string text, double max, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value) && value >= 0 && value <= max;
}
