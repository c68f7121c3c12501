using System.Diagnostics;
using Atrium.Testing;

namespace Atrium.Images.Tests.Service;

/// <summary>
/// One real S3-compatible server (s3rver, started by <c>scripts/s3-throwaway.sh</c>) per test
/// process, with one bucket; stopped when the process exits (and by the script's watchdog if killed).
/// </summary>
public sealed class S3Server
{
    public const string Bucket = "atrium-test";
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly Lazy<Task<S3Server>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private S3Server(string endpoint) => Endpoint = endpoint;

    public string Endpoint { get; }

    public static Task<S3Server> SharedAsync() => Shared.Value;

    private static async Task<S3Server> StartAsync()
    {
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "s3-throwaway.sh");
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), $"atrium-s3-{Guid.NewGuid():N}");
            var (exit, stdout, stderr) = await RunAsync(script, "start", directory, FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), Bucket);
            if (exit == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAsync(script, "stop", directory).GetAwaiter().GetResult();
                return new S3Server(stdout.Trim());
            }

            failures.Add($"exit {exit}: {stderr.Trim()}");
        }

        throw new InvalidOperationException("s3rver did not start: " + string.Join(" | ", failures));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["S3_THROWAWAY_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
