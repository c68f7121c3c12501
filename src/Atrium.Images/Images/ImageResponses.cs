using System.ComponentModel;

namespace Atrium.Images.Images;

/// <summary>An image's metadata, with signed URLs of its presets (in <see cref="ImagesOptions.EagerFormat"/>).</summary>
[ImmutableObject(true)]
public sealed record ImageResponse(
    Guid Id, string Format, int Width, int Height, int Frames, long Bytes, string ContentHash, DateTime CreatedAt,
    string OriginalUrl, IReadOnlyDictionary<string, string> Presets, bool MetadataKept);

public sealed record ImageEnvelope(ImageResponse Image);
