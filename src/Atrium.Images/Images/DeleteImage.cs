using Atrium.Images.Storage;

namespace Atrium.Images.Images;

public static class DeleteImage
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/images/{id:guid}", HandleAsync).WithName(nameof(DeleteImage));

    /// <summary>
    /// Owner only (the owner is in the WHERE clause: zero rows is 404). The original goes; cached results
    /// go with the last image holding the same content (results are shared by content).
    /// </summary>
    public static async Task<Results<NoContent, NotFoundError>> HandleAsync(
        Guid id, CurrentUser caller, ImagesDbContext db, IImageStorage storage, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking().Where(i => i.Id == id && i.OwnerId == caller.RequiredId)
            .Select(i => new { i.ContentHash }).FirstOrDefaultAsync(ct);
        var deleted = await db.Images.Where(i => i.Id == id && i.OwnerId == caller.RequiredId).ExecuteDeleteAsync(ct);
        if (deleted == 0 || image is null)
        {
            return new NotFoundError("image");
        }

        await storage.DeleteAsync(StoredImage.OriginalKey(id), ct);
        if (!await db.Images.AnyAsync(i => i.ContentHash == image.ContentHash, ct))
        {
            await storage.DeletePrefixAsync($"results/{image.ContentHash}/", ct);
        }

        return TypedResults.NoContent();
    }
}
