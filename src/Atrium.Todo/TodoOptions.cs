using System.ComponentModel.DataAnnotations;

namespace Atrium.Todo;

/// <summary>The todo app (<c>Atrium:Todo</c>).</summary>
public sealed class TodoOptions
{
    public const string SectionName = "Atrium:Todo";

    /// <summary>Guest lists not used for this many days are deleted by the expiry job.</summary>
    [Range(1, 3650)]
    public int GuestListRetentionDays { get; set; } = 30;

    /// <summary>When the expiry job runs (Quartz cron, seconds first).</summary>
    [Required]
    public string ExpiryCron { get; set; } = "0 23 * * * ?";

    /// <summary>A list's last-use time is written at most this often (reads stay reads).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TouchInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most todos one list holds; a POST beyond it is refused.</summary>
    [Range(1, 1_000_000)]
    public int MaxTodosPerList { get; set; } = 1000;

    /// <summary>
    /// The page's OAuth client id at Atrium's authorization server (a public, first-party client whose
    /// redirect URI is <c>https://&lt;host&gt;/todo/signed-in</c>); set, the page's "Sign in" goes through
    /// <c>/connect/authorize</c>. Unset (the default), the page signs in with its own form only.
    /// </summary>
    public string? OAuthClientId { get; set; }

    /// <summary>
    /// Where the authorization server is (e.g. this server's public URL); required with <see cref="OAuthClientId"/>.
    /// Never derived from the request: the Host header would then choose where the code goes.
    /// </summary>
    public Uri? OAuthAuthority { get; set; }
}
