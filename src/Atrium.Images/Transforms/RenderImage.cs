using Atrium.Images.Processing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Atrium.Images.Transforms;

public static class RenderImage
{
    private const string Immutable = "public, max-age=31536000, immutable";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/img/{signature}/{**path}", HandleAsync).WithName(nameof(RenderImage)).AllowAnonymous()
            .Produces<byte[]>(StatusCodes.Status200OK, contentType: "image/jpeg", "image/png", "image/webp", "image/avif")
            .Produces(StatusCodes.Status304NotModified, typeof(void))
            .Produces<ErrorBody>(StatusCodes.Status403Forbidden)
            .Produces<ErrorBody>(StatusCodes.Status404NotFound)
            .Produces<ErrorBody>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ErrorBody>(StatusCodes.Status429TooManyRequests)
            .Produces<ErrorBody>(StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// <c>/img/{signature}/{options}/{id}.{ext}</c>: checks the signature over <c>/{options}/{id}.{ext}</c>,
    /// parses and limits the options, then answers from the cache or renders. Without an extension the
    /// format follows <c>Accept</c> (and the answer varies by it).
    /// </summary>
    public static async Task<IResult> HandleAsync(
        string signature, string path, HttpContext http, ImagesDbContext db, UrlSigner signer, ImageRenderer renderer,
        IOptions<ImagesOptions> options, ImagesTelemetry telemetry, CancellationToken ct)
    {
        if (!signer.Verify(signature, "/" + path))
        {
            return new ForbiddenError("signature");
        }

        var slash = path.LastIndexOf('/');
        if (slash <= 0)
        {
            return new NotFoundError("image");
        }

        var optionsText = path[..slash];
        var file = path[(slash + 1)..];
        var dot = file.LastIndexOf('.');
        var idText = dot < 0 ? file : file[..dot];
        if (!Guid.TryParse(idText, out var id))
        {
            return new NotFoundError("image");
        }

        var limits = options.Value;
        if (limits.PresetsOnly && !TransformOptionsParser.IsPresetsOnly(optionsText))
        {
            return new ForbiddenError("options");
        }

        var parsed = TransformOptionsParser.Parse(optionsText, limits, limits.Presets);
        if (parsed.Options is not { } transform)
        {
            telemetry.Rejected("limits");
            return new ValidationFailed("options", parsed.Error!);
        }

        var image = await db.Images.AsNoTracking().Where(i => i.Id == id).Select(i => new { i.ContentHash, i.MetadataKept, i.Format }).FirstOrDefaultAsync(ct);
        if (image is null)
        {
            return new NotFoundError("image");
        }

        var negotiated = dot < 0;
        var format = negotiated
            ? OutputFormat.Negotiate(http.Request.Headers.Accept, preferPng: image.Format is "png" or "gif")
            : OutputFormat.FromExtension(file[(dot + 1)..]);
        if (format is null)
        {
            return new ValidationFailed("format", "must be jpg, png, webp or avif");
        }

        var key = ImageRenderer.KeyFor(image.ContentHash, image.MetadataKept, transform, format);
        var headers = http.Response.Headers;
        headers.ETag = key.ETag;
        headers.CacheControl = Immutable;
        if (negotiated)
        {
            headers.Vary = HeaderNames.Accept;
        }

        // The ETag is derived from the content and the normalised options: a match needs no work at all.
        // "*" matches any current representation (RFC 9110), and the image exists.
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Trim() == "*" || v.Contains(key.ETag, StringComparison.Ordinal))))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await renderer.RenderAsync(id, image.ContentHash, image.MetadataKept, transform, format, ct);
        telemetry.Phase(result.FromCache ? "request_hit" : "request_miss", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        switch (result.Status)
        {
            case RenderStatus.Ok:
                telemetry.BytesOut(result.Bytes!.LongLength);
                return TypedResults.File(result.Bytes, format.MediaType);
            case RenderStatus.Invalid:
                return Uncached(http, new ValidationFailed("options", result.Error!));
            case RenderStatus.Overloaded:
                return Uncached(http, new OverloadedError(limits.RetryAfterSeconds));
            case RenderStatus.TimedOut:
                return Uncached(http, new ProcessingTimeoutError(limits.RetryAfterSeconds));
            default:
                return Uncached(http, new NotFoundError("image"));
        }
    }

    // Errors must not be cached for a year under the result's ETag.
    private static IResult Uncached(HttpContext http, IResult error)
    {
        http.Response.Headers.Remove(HeaderNames.ETag);
        http.Response.Headers.CacheControl = "no-store";
        return error;
    }
}
