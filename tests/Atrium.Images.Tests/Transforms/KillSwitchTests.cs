using Atrium.Images.Transforms;
using NetVips;

namespace Atrium.Images.Tests.Transforms;

/// <summary>A fired token stops libvips' evaluation itself, not only the code after it.</summary>
public sealed class KillSwitchTests
{
    [Fact]
    public void A_cancelled_token_kills_the_evaluation_and_yields_no_bytes()
    {
        var limits = new ImagesOptions();
        var options = TransformOptionsParser.Parse("rs:fit:200:200/bl:5", limits, presets: null).Options!;
        var source = new SourceImage(null, TestImages.Jpeg(800, 600));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // A VipsException ("killed") comes from inside the encode: had the kill switch not been wired,
        // the whole image would have been rendered and only the check after it would throw.
        var killed = Assert.Throws<VipsException>(() => ImageTransformer.Run(source, options, OutputFormat.Png, limits, cancelled.Token));
        Assert.Contains("kill", killed.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_uncancelled_token_renders()
    {
        var limits = new ImagesOptions();
        var options = TransformOptionsParser.Parse("rs:fit:200:200/bl:5", limits, presets: null).Options!;
        var outcome = ImageTransformer.Run(new SourceImage(null, TestImages.Jpeg(800, 600)), options, OutputFormat.Png, limits, CancellationToken.None);
        Assert.Equal("png", TestImages.Format(outcome.Bytes!));
    }
}
