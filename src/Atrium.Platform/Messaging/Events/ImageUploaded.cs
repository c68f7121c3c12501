namespace Atrium.Platform.Messaging.Events;

/// <summary>An image was stored (not published again when the same bytes are uploaded twice by one owner).</summary>
public sealed record ImageUploaded(Guid ImageId, Guid OwnerId, string Format, int Width, int Height, long Bytes, string ContentHash) : IntegrationEvent;
