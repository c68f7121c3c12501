using Atrium.Images.Storage;
using Atrium.Images.Uploads;

namespace Atrium.Images.Images;

public static class GetOriginal
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/images/{id:guid}/original", HandleAsync).WithName(nameof(GetOriginal))
            .Produces<byte[]>(StatusCodes.Status200OK, contentType: "image/jpeg", "image/png", "image/webp", "image/avif", "image/gif", "image/tiff");

    /// <summary>The stored original (metadata stripped unless kept at upload), for its owner only.</summary>
    public static async Task<Results<FileContentHttpResult, NotFoundError>> HandleAsync(
        Guid id, CurrentUser caller, ImagesDbContext db, IImageStorage storage, HttpContext http, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.OwnerId == caller.RequiredId, ct);
        if (image is null || await storage.GetAsync(image.StorageKey, ct) is not { } bytes)
        {
            return new NotFoundError("image");
        }

        http.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.File(bytes, ImageSniffer.MediaType(image.Format));
    }
}
