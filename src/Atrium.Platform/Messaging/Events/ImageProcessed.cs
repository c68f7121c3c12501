namespace Atrium.Platform.Messaging.Events;

/// <summary>An eager preset of an image was rendered and cached (<paramref name="Preset"/> in <paramref name="Format"/>).</summary>
public sealed record ImageProcessed(Guid ImageId, Guid OwnerId, string Preset, string Format, long Bytes) : IntegrationEvent;
