using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Observability;

/// <summary>
/// The built server as a real process in Production: its stdout is JSON lines, and a request's
/// log lines carry the trace and span ids of the request's trace (continued from <c>traceparent</c>).
/// </summary>
public sealed class JsonLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Production_logs_are_json_lines_carrying_the_request_trace_id()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("atrium-jsonlog-").FullName;
        var output = new List<string>();
        var (process, port) = await StartAsync(dataDirectory, output);
        try
        {
            var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var parentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            // A raw request: other hosts in this test process trace HttpClient, which would replace our traceparent.
            Assert.StartsWith("HTTP/1.1 200", await RawGetAsync(port, "/api/tags", $"traceparent: 00-{traceId}-{parentId}-01"), StringComparison.Ordinal);

            JsonElement? line = null;
            var deadline = DateTime.UtcNow + Patience;
            while (line is null)
            {
                Assert.True(DateTime.UtcNow < deadline, $"No log line with trace id {traceId} (port {port}, exited: {process.HasExited}):\n{Joined(output)}");
                line = Lines(output).Select(l => (JsonElement?)Parse(l))
                    .FirstOrDefault(l => Scope(l!.Value, "TraceId") == traceId && l.Value.GetProperty("Message").GetString()!.Contains("Request finished", StringComparison.Ordinal));
                await Task.Delay(100);
            }

            var entry = line.Value;
            Assert.Equal("Information", entry.GetProperty("LogLevel").GetString());
            Assert.Equal("Microsoft.AspNetCore.Hosting.Diagnostics", entry.GetProperty("Category").GetString());
            Assert.Equal(parentId, Scope(entry, "ParentId"));
            Assert.Matches("^[0-9a-f]{16}$", Scope(entry, "SpanId"));
            Assert.Equal("/api/tags", Scope(entry, "RequestPath"));
            Assert.True(DateTimeOffset.TryParse(entry.GetProperty("Timestamp").GetString(), out _));

            // Every line the process wrote is one JSON object, startup included.
            foreach (var text in Lines(output))
            {
                Parse(text);
            }
        }
        finally
        {
            await StopAsync(process);
            process.Dispose();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans the temp folder anyway.
            }
        }
    }

    private static Process Start(string dataDirectory, int port, List<string> output)
    {
        var start = ServerExecutable.StartInfo(dataDirectory, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["--urls", $"http://127.0.0.1:{port}"],
            // Request lines are off by default (Microsoft.AspNetCore at Warning); this one category on.
            new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" });
        start.RedirectStandardInput = false;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data is null ? null : "stderr: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Starts the server and waits for its own "Now listening" line (so the answer comes from our
    /// process, not from whatever else may hold a port picked a moment earlier). A port taken in
    /// between makes the process exit: retried on a new port.
    /// </summary>
    private static async Task<(Process Process, int Port)> StartAsync(string dataDirectory, List<string> output)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = Start(dataDirectory, port, output);
            var deadline = DateTime.UtcNow + Patience;
            while (!process.HasExited && DateTime.UtcNow < deadline)
            {
                if (Lines(output).Any(l => l.Contains("Now listening on", StringComparison.Ordinal) && l.Contains($"127.0.0.1:{port}", StringComparison.Ordinal)))
                {
                    return (process, port);
                }

                await Task.Delay(100);
            }

            await StopAsync(process);
            process.Dispose();
            Assert.True(attempt < 3, $"The server did not start:\n{Joined(output)}");
            lock (output)
            {
                output.Clear();
            }
        }
    }

    private static async Task<string> RawGetAsync(int port, string path, string header)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = tcp.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{header}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void Append(List<string> output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    private static List<string> Lines(List<string> output)
    {
        lock (output)
        {
            return [.. output];
        }
    }

    private static string Joined(List<string> output) => string.Join('\n', Lines(output));

    private static JsonElement Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"Not a JSON log line: {line}\n{e.Message}");
        }
    }

    private static string? Scope(JsonElement entry, string name) =>
        entry.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray()
                .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _))
                .Select(s => s.GetProperty(name).ToString())
                .FirstOrDefault()
            : null;
}
