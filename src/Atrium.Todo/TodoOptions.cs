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
}
