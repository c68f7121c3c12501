namespace Atrium.Identity.Audit;

/// <summary>Writes <see cref="AuditEvent"/> rows; each in its own save, so a grant is logged even when the caller's answer fails later.</summary>
public sealed class IdentityAudit(IdentityDbContext db, TimeProvider clock)
{
    public async Task RecordAsync(string kind, string? clientId, string? subject, IEnumerable<string>? scopes, HttpContext? http, CancellationToken ct)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            ClientId = Clip(clientId),
            Subject = Clip(subject),
            Scopes = scopes is null ? null : Clip(string.Join(' ', scopes), AuditEvent.MaxScopesLength),
            Address = http?.Connection.RemoteIpAddress?.ToString(),
            At = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    private static string? Clip(string? value, int max = AuditEvent.MaxShortLength) =>
        value is null || value.Length <= max ? value : value[..max];
}
