using System.Globalization;
using System.Text;

namespace Atrium.Images.Transforms;

public enum ResizeMode
{
    None,
    Fit,
    Fill,
    Force,
}

/// <summary>A crop: a fixed rectangle, or a width × height placed by gravity (<c>sm</c> = libvips attention).</summary>
public sealed record CropSpec(int Width, int Height, string Gravity, int? X = null, int? Y = null)
{
    public bool IsRectangle => X is not null;
}

/// <summary>
/// A transform, parsed and normalised: <see cref="Canonical"/> writes the options in a fixed order
/// without no-ops, so equivalent URLs share one cache entry.
/// </summary>
public sealed record TransformOptions
{
    public ResizeMode Resize { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public bool Smart { get; init; }

    public CropSpec? Crop { get; init; }

    public int Rotate { get; init; }

    public bool FlipHorizontal { get; init; }

    public bool FlipVertical { get; init; }

    public bool Grayscale { get; init; }

    public double Blur { get; init; }

    public double Sharpen { get; init; }

    public int? Quality { get; init; }

    public string Canonical()
    {
        var parts = new List<string>();
        if (Crop is { } c)
        {
            parts.Add(c.IsRectangle ? $"c:{c.X}:{c.Y}:{c.Width}:{c.Height}" : $"c:{c.Width}:{c.Height}:{c.Gravity}");
        }

        if (Resize != ResizeMode.None)
        {
            parts.Add($"rs:{Resize.ToString().ToLowerInvariant()}:{Width}:{Height}");
            if (Smart && Resize == ResizeMode.Fill)
            {
                parts.Add("sm");
            }
        }

        if (Rotate != 0)
        {
            parts.Add($"rot:{Rotate}");
        }

        if (FlipHorizontal || FlipVertical)
        {
            parts.Add($"fl:{(FlipHorizontal ? "h" : "")}{(FlipVertical ? "v" : "")}");
        }

        if (Grayscale)
        {
            parts.Add("gs");
        }

        if (Blur > 0)
        {
            parts.Add($"bl:{Number(Blur)}");
        }

        if (Sharpen > 0)
        {
            parts.Add($"sh:{Number(Sharpen)}");
        }

        if (Quality is { } q)
        {
            parts.Add($"q:{q}");
        }

        return parts.Count == 0 ? "-" : new StringBuilder().AppendJoin('/', parts).ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
