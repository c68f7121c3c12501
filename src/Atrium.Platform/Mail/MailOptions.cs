using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace Atrium.Platform.Mail;

/// <summary>Outgoing mail. Without <see cref="SmtpOptions.Host"/>, mails go to <see cref="PickupDirectory"/> (the embedded default).</summary>
public sealed class MailOptions
{
    public const string SectionName = "Atrium:Mail";

    [Required]
    public string From { get; set; } = "Atrium <no-reply@atrium.invalid>";

    /// <summary>Folder for .eml files when no SMTP host is set; relative to the data directory. Default <c>mail</c>.</summary>
    public string PickupDirectory { get; set; } = "mail";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>MailKit's choice: <c>Auto</c> uses STARTTLS when the server offers it.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? Username { get; set; }

    public string? Password { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
