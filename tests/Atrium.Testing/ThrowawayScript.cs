using System.Diagnostics;

namespace Atrium.Testing;

/// <summary>
/// What <see cref="RedisServer"/> and <see cref="RabbitMqServer"/> share: running the
/// <c>scripts/*-throwaway.sh</c> scripts (and rabbitmqctl), and picking ports.
/// </summary>
internal static class ThrowawayScript
{
    // Far longer than any start takes (RabbitMQ's is the slowest, about 10 s): only a hung
    // script runs into it.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The path of <c>scripts/<paramref name="name"/></c> in this checkout.</summary>
    public static string PathOf(string name) => Path.Combine(RepositoryRoot.Path, "scripts", name);

    /// <summary>Runs <c>bash <paramref name="script"/> arguments...</c>.</summary>
    /// <param name="ownerVariable">
    /// The script's <c>*_THROWAWAY_OWNER_PID</c> variable: set to this process, so a server it
    /// starts is stopped by the script's watchdog once this process is gone, however it ended.
    /// </param>
    public static Task<ScriptResult> RunScriptAsync(
        string script, string ownerVariable, IEnumerable<string> arguments, CancellationToken ct = default) =>
        RunAsync(
            "bash",
            [script, .. arguments],
            new Dictionary<string, string> { [ownerVariable] = Environment.ProcessId.ToString() },
            ct);

    /// <summary>Runs a program to its end, its output collected. Never throws for a failed run.</summary>
    public static async Task<ScriptResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken ct = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var description = $"{fileName} {string.Join(' ', startInfo.ArgumentList)}";
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not run {description}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Not installed: report it like any failed run, so callers explain it in one place.
            return new ScriptResult(-1, "", $"Could not run {description}: {e.Message}");
        }

        using (process)
        {
            // Nothing here reads input; a closed stdin makes any tool that asks fail at once.
            process.StandardInput.Close();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                return new ScriptResult(process.ExitCode, await stdout, await stderr);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                ct.ThrowIfCancellationRequested();
                return new ScriptResult(-1, "", $"{description} did not finish within {Timeout}.");
            }
        }
    }
}

/// <summary>How a script run ended.</summary>
internal readonly record struct ScriptResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the script's stderr unless it succeeded.</summary>
    public void ThrowIfFailed()
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException("A throwaway script failed: " + ToString());
        }
    }

    public override string ToString() => $"exit {ExitCode}: {Stderr.Trim()}";
}
