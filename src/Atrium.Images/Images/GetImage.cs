namespace Atrium.Images.Images;

public static class GetImage
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/images/{id:guid}", HandleAsync).WithName(nameof(GetImage));

    /// <summary>The owner's image metadata; another user's image is indistinguishable from a missing one (404).</summary>
    public static async Task<Results<Ok<ImageEnvelope>, NotFoundError>> HandleAsync(
        Guid id, CurrentUser caller, ImagesDbContext db, ImageUrls urls, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.OwnerId == caller.RequiredId, ct);
        return image is null ? new NotFoundError("image") : TypedResults.Ok(urls.Envelope(image));
    }
}
