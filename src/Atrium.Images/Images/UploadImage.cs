using System.Security.Cryptography;
using Atrium.Images.Processing;
using Atrium.Images.Storage;
using Atrium.Images.Uploads;
using Atrium.Platform.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NetVips;

namespace Atrium.Images.Images;

public static class UploadImage
{
    // Multipart framing around the file: boundaries and part headers.
    private const long FormOverheadBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder group, ImagesOptions options) =>
        group.MapPost("/images", HandleAsync).WithName(nameof(UploadImage))
            .Produces<ImageEnvelope>(StatusCodes.Status201Created)
            .Produces<ImageEnvelope>(StatusCodes.Status200OK)
            .Produces<ErrorBody>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorBody>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<ErrorBody>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ErrorBody>(StatusCodes.Status429TooManyRequests)
            .Produces<ErrorBody>(StatusCodes.Status503ServiceUnavailable)
            // Token authentication (no cookies): there is no cross-site form to forge.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxUploadBytes + FormOverheadBytes));

    /// <summary>
    /// Stores an image: type from the bytes, limits checked from the header before decoding, metadata
    /// stripped unless <paramref name="keepMetadata"/>. The same bytes again from the same owner with the
    /// same metadata choice answer the existing image (200) instead of a new one (201); the other choice
    /// is another image, never the one stored the other way (that one may carry a GPS position).
    /// </summary>
    public static async Task<IResult> HandleAsync(
        IFormFile? file, [FromQuery] bool? keepMetadata, CurrentUser caller, ImagesDbContext db, IImageStorage storage, ProcessingPool pool,
        ImageUrls urls, IJobQueue jobs, IOptions<ImagesOptions> options, ImagesTelemetry telemetry, TimeProvider clock, CancellationToken ct)
    {
        var limits = options.Value;
        if (file is null || file.Length == 0)
        {
            return new ValidationFailed("file", "is missing (send the image as a multipart part named 'file')");
        }

        if (file.Length > limits.MaxUploadBytes)
        {
            telemetry.Rejected("too_big");
            return new PayloadTooLargeError($"is larger than {limits.MaxUploadBytes} bytes");
        }

        var data = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(data, ct);
        }

        var format = ImageSniffer.Detect(data);
        if (format is null or ImageSniffer.Heic)
        {
            telemetry.Rejected("type");
            return new UnsupportedImageError(format is null
                ? "is not a supported image (JPEG, PNG, WebP, AVIF, GIF or TIFF)"
                : "is HEIC, which this service can't read (send JPEG, PNG, WebP, AVIF, GIF or TIFF)");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(data));
        var owner = caller.RequiredId;
        var keep = keepMetadata ?? limits.KeepMetadata;
        if (await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.OwnerId == owner && i.ContentHash == hash && i.MetadataKept == keep, ct) is { } existing)
        {
            return TypedResults.Ok(urls.Envelope(existing));
        }

        Inspection inspection;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(limits.OperationTimeout);
            try
            {
                var (accepted, result) = await pool.TryRunAsync(token => UploadInspector.Inspect(data, format, keep, limits, token), timeout.Token);
                if (!accepted)
                {
                    telemetry.Rejected("overload");
                    return new OverloadedError(limits.RetryAfterSeconds);
                }

                inspection = result!;
            }
            catch (Exception e) when (e is OperationCanceledException or VipsException && timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                telemetry.Rejected("timeout");
                return new ProcessingTimeoutError(limits.RetryAfterSeconds);
            }
            catch (VipsException)
            {
                telemetry.Rejected("decode");
                return new ValidationFailed("file", "could not be decoded (truncated or corrupt)");
            }
        }

        telemetry.Phase("upload_check", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        if (inspection.Stored is not { } stored)
        {
            telemetry.Rejected(inspection.Reason!);
            return new ValidationFailed("file", inspection.Error!);
        }

        var image = new StoredImage
        {
            OwnerId = owner,
            Format = format,
            Width = inspection.Width,
            Height = inspection.Height,
            Frames = inspection.Frames,
            Bytes = stored.LongLength,
            ContentHash = hash,
            MetadataKept = keep,
            CreatedAt = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds(),
        };
        // Bytes first, row second: a row never points at a missing object (a crash leaves only an orphan object).
        await storage.PutAsync(image.StorageKey, stored, ImageSniffer.MediaType(format), ct);
        db.Images.Add(image);
        try
        {
            await db.SaveChangesWithEventAsync(() => new ImageUploaded(image.Id, owner, format, image.Width, image.Height, image.Bytes, hash), ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same bytes with the same metadata choice from the same owner, uploaded concurrently: the other request won.
            await storage.DeleteAsync(image.StorageKey, CancellationToken.None);
            db.ChangeTracker.Clear();
            var winner = await db.Images.AsNoTracking().FirstAsync(i => i.OwnerId == owner && i.ContentHash == hash && i.MetadataKept == keep, ct);
            return TypedResults.Ok(urls.Envelope(winner));
        }

        telemetry.BytesIn(data.LongLength);
        if (limits.EagerPresets.Count > 0)
        {
            await jobs.EnqueueAsync<RenderEagerPresets, RenderEagerPresetsArgs>(new(image.Id), owner, ct);
        }

        return TypedResults.Created($"/api/images/{image.Id}", urls.Envelope(image));
    }
}
