using Atrium.Images.Processing;
using Atrium.Images.Transforms;
using Atrium.Platform.Jobs;
using Microsoft.Extensions.Options;

namespace Atrium.Images.Images;

public sealed record RenderEagerPresetsArgs(Guid ImageId);

/// <summary>
/// Renders the eager presets of a new image into the result cache, so the first visitor gets a hit,
/// and publishes <see cref="ImageProcessed"/> for each. A busy pool is a failure: the job is retried.
/// </summary>
public sealed class RenderEagerPresets(ImagesDbContext db, ImageRenderer renderer, IOptions<ImagesOptions> options) : IBackgroundJob<RenderEagerPresetsArgs>
{
    public const string JobName = "images.render-eager";

    public async Task RunAsync(RenderEagerPresetsArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var image = await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.Id == args.ImageId, cancellationToken);
        if (image is null)
        {
            return;
        }

        var limits = options.Value;
        var format = OutputFormat.FromExtension(limits.EagerFormat)!;
        foreach (var preset in limits.EagerPresets)
        {
            var transform = TransformOptionsParser.Parse($"pr:{preset}", limits, limits.Presets).Options!;
            var result = await renderer.RenderAsync(image.Id, image.ContentHash, image.MetadataKept, transform, format, cancellationToken);
            if (result.Status == RenderStatus.SourceMissing)
            {
                return;
            }

            if (result.Status != RenderStatus.Ok)
            {
                throw new InvalidOperationException($"Preset {preset} of image {image.Id}: {result.Status} {result.Error}");
            }

            db.AddEvent(new ImageProcessed(image.Id, image.OwnerId, preset, format.Name, result.Bytes!.LongLength));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
