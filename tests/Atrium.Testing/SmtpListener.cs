using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;

namespace Atrium.Testing;

/// <summary>
/// A real SMTP server on 127.0.0.1 for one test class: Debian's aiosmtpd (package python3-aiosmtpd,
/// installed by scripts/ensure-deps.sh) storing what it receives in a Maildir we read back.
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly string _maildir;

    private SmtpListener(Process process, string maildir, int port)
    {
        _process = process;
        _maildir = maildir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts a listener on a free port, or on <paramref name="port"/> (a test that first needs the port closed).</summary>
    public static async Task<SmtpListener> StartAsync(int? port = null)
    {
        // The handler creates the Maildir (tmp/new/cur) only when the folder does not exist yet.
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("atrium-smtp-").FullName, "maildir");
        for (var attempt = 1; ; attempt++)
        {
            var listenPort = port ?? FreePort.Next();
            var startInfo = new ProcessStartInfo(Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{listenPort}", "-c", "aiosmtpd.handlers.Mailbox", maildir })
            {
                startInfo.ArgumentList.Add(argument);
            }

            var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start aiosmtpd");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await WaitForPortAsync(process, listenPort))
            {
                return new SmtpListener(process, maildir, listenPort);
            }

            process.Kill(entireProcessTree: true);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"aiosmtpd did not listen on 127.0.0.1:{listenPort} (is python3-aiosmtpd installed? scripts/ensure-deps.sh)");
            }
        }
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(_maildir, "new");
        return Directory.Exists(folder)
            // In arrival order: Maildir names don't sort by time (their microseconds aren't zero-padded).
            ? Directory.GetFiles(folder).OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal)
                .Select(f => MimeMessage.Load(f)).ToList()
            : [];
    }

    /// <summary>Waits (up to 30 s) for a message to <paramref name="recipient"/>.</summary>
    public async Task<MimeMessage> WaitForMessageToAsync(string recipient, int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var received = MessagesTo(recipient);
            if (received.Count >= count)
            {
                return received[count - 1];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no message #{count} to {recipient} within 30 s");
            }

            await Task.Delay(100);
        }
    }

    public IReadOnlyList<MimeMessage> MessagesTo(string recipient) =>
        Messages().Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, recipient, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(_maildir)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<bool> WaitForPortAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
