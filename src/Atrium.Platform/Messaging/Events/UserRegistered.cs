namespace Atrium.Platform.Messaging.Events;

/// <summary>A new account was created.</summary>
public sealed record UserRegistered(Guid UserId, string Username, string Email) : IntegrationEvent;
