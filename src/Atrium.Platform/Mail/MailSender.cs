using MailKit.Net.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Atrium.Platform.Mail;

public sealed record OutgoingMail(string To, string Subject, string TextBody);

/// <summary>Sends a mail or throws (callers run in background jobs, whose retries handle a failed send).</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>Real delivery over SMTP with MailKit.</summary>
public sealed partial class SmtpMailSender(IOptions<MailOptions> options, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var message = MailMessages.Build(options.Value, mail);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        LogSent(logger, mail.Subject, mail.To, smtp.Host!, smtp.Port);
    }

    [LoggerMessage(LogLevel.Information, "Mail {Subject} sent to {Recipient} through {Host}:{Port}")]
    private static partial void LogSent(ILogger logger, string subject, string recipient, string host, int port);
}

/// <summary>The embedded default: each mail becomes an .eml file in the pickup folder, and a log line says where.</summary>
public sealed partial class PickupFolderMailSender(string folder, IOptions<MailOptions> options, ILogger<PickupFolderMailSender> logger) : IMailSender
{
    public string Folder => folder;

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        using var message = MailMessages.Build(options.Value, mail);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml");
        var partial = path + ".partial";
        // Write then rename, so a reader of the folder never sees half a mail.
        await message.WriteToAsync(partial, cancellationToken);
        File.Move(partial, path);
        LogWritten(logger, mail.Subject, mail.To, path);
    }

    [LoggerMessage(LogLevel.Information, "Mail {Subject} to {Recipient} written to {Path} (no SMTP host configured)")]
    private static partial void LogWritten(ILogger logger, string subject, string recipient, string path);
}

internal static class MailMessages
{
    public static MimeMessage Build(MailOptions options, OutgoingMail mail)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.TextBody };
        return message;
    }
}

public static class MailRegistration
{
    public static IHostApplicationBuilder AddAtriumMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IMailSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MailOptions>>();
            if (!string.IsNullOrWhiteSpace(options.Value.Smtp.Host))
            {
                return ActivatorUtilities.CreateInstance<SmtpMailSender>(sp);
            }

            var folder = Path.Combine(
                DataDirectory.Resolve(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()),
                options.Value.PickupDirectory);
            return ActivatorUtilities.CreateInstance<PickupFolderMailSender>(sp, folder);
        });
        return builder;
    }
}
