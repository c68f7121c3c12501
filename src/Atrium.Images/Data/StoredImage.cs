namespace Atrium.Images.Data;

/// <summary>An uploaded image's metadata; its bytes live in storage under <see cref="StorageKey"/>.</summary>
public sealed class StoredImage
{
    public const int MaxFormatLength = 10;
    public const int HashLength = 64;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OwnerId { get; init; }

    /// <summary>jpeg, png, webp, avif, gif or tiff: detected from the bytes.</summary>
    public required string Format { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public int Frames { get; init; }

    /// <summary>Size of the stored original (after metadata stripping).</summary>
    public long Bytes { get; init; }

    /// <summary>SHA-256 (hex) of the uploaded bytes: with <see cref="MetadataKept"/>, the dedupe key per owner and the result cache's content key.</summary>
    public required string ContentHash { get; init; }

    /// <summary>
    /// Whether the stored original kept the upload's EXIF/XMP/IPTC (<c>keepMetadata</c>): the same bytes
    /// stored stripped and kept are two different originals (one may carry a GPS position, and orientation
    /// is applied to the stripped one's pixels).
    /// </summary>
    public bool MetadataKept { get; init; }

    public DateTime CreatedAt { get; init; }

    public string StorageKey => OriginalKey(Id);

    public static string OriginalKey(Guid id) => $"originals/{id:N}";
}
