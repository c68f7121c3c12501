namespace Atrium.Identity.Data;

/// <summary>One grant or revocation the authorization server made (kinds in <see cref="AuditKinds"/>).</summary>
public sealed class AuditEvent
{
    public const int MaxShortLength = 200;
    public const int MaxScopesLength = 1000;

    public Guid Id { get; set; }

    public required string Kind { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The account id, or the client id for a client-credentials grant.</summary>
    public string? Subject { get; set; }

    /// <summary>Space-separated, as OAuth writes them.</summary>
    public string? Scopes { get; set; }

    public string? Address { get; set; }

    public DateTime At { get; set; }
}

public static class AuditKinds
{
    public const string ConsentGranted = "consent_granted";
    public const string ConsentDenied = "consent_denied";
    public const string CodeRedeemed = "code_redeemed";
    public const string ClientCredentials = "client_credentials";
    public const string RefreshRedeemed = "refresh_redeemed";
    public const string TokenRevoked = "token_revoked";

    /// <summary>Followed by <c>:</c> and the grant type (<c>grant_refused:refresh_token</c>).</summary>
    public const string GrantRefused = "grant_refused";
    public const string ClientAdded = "client_added";
    public const string ClientRemoved = "client_removed";

    /// <summary>A browser session ended at <c>/connect/logout</c> (RP-initiated logout).</summary>
    public const string SignedOut = "signed_out";
}
