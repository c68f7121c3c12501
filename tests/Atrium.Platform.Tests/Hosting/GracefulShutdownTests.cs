using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Atrium.Testing;
using Microsoft.Data.Sqlite;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>
/// SIGTERM under load against the real server process: requests already in flight (bodies still
/// uploading) finish with 2xx, nothing answered gets a 5xx, the jobs worker gives its lease back,
/// and the process exits 0.
/// </summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private const int SlowRequests = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _data = Directory.CreateTempSubdirectory("atrium-shutdown-").FullName;

    [Fact]
    public async Task Sigterm_lets_in_flight_requests_finish_and_exits_zero()
    {
        var port = FreePort.Next();
        var output = new StringBuilder();
        using var server = StartServer(port, output);
        var address = new Uri($"http://127.0.0.1:{port}");
        using var client = new HttpClient { BaseAddress = address, Timeout = Patience };
        await WaitReadyAsync(client, server, output);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM jobs_workers"));

        // Load: a steady stream of reads on their own connections until the server stops answering.
        using var stopLoad = new CancellationTokenSource();
        var answered = new List<HttpStatusCode>();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var loadClient = new HttpClient { BaseAddress = address, Timeout = Patience };
            while (!stopLoad.IsCancellationRequested)
            {
                try
                {
                    var response = await loadClient.GetAsync("/api/tags");
                    lock (answered)
                    {
                        answered.Add(response.StatusCode);
                    }
                }
                catch (HttpRequestException)
                {
                    // Refused or closed: the server no longer accepts (or closed an idle keep-alive connection).
                    await Task.Delay(50);
                }
            }
        })).ToList();

        // In flight: registrations whose bodies trickle in over a couple of seconds.
        var bodies = Enumerable.Range(0, SlowRequests).Select(_ => new TrickleContent(Registration())).ToList();
        var slow = bodies.Select(body => client.PostAsync("/api/users", body)).ToList();
        await Task.WhenAll(bodies.Select(b => b.Started));
        // Loopback delivers the headers at once; a moment more so the server has surely parsed them.
        await Task.Delay(300);

        using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        foreach (var request in slow)
        {
            HttpResponseMessage response;
            try
            {
                response = await request;
            }
            catch (HttpRequestException e)
            {
                throw new Xunit.Sdk.XunitException($"An in-flight request failed: {e.Message}\nServer output:\n{output}");
            }

            Assert.True(response.StatusCode == HttpStatusCode.Created, $"An in-flight request got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{output}");
        }

        using (var exit = new CancellationTokenSource(Patience))
        {
            await server.WaitForExitAsync(exit.Token);
        }

        await stopLoad.CancelAsync();
        await Task.WhenAll(load);
        Assert.Equal(0, server.ExitCode);
        lock (answered)
        {
            Assert.NotEmpty(answered);
            Assert.All(answered, status => Assert.Equal(HttpStatusCode.OK, status));
        }

        // The worker gave its lease back, and the new server no longer answers at all.
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM jobs_workers"));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health/live"));
        Assert.IsType<SocketException>(refused.InnerException);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS eventually.
        }
    }

    private static string Registration()
    {
        var name = Api.Unique("drain");
        return System.Text.Json.JsonSerializer.Serialize(new { user = new { username = name, email = $"{name}@example.com", password = "password123" } });
    }

    private Process StartServer(int port, StringBuilder output)
    {
        var start = ServerExecutable.StartInfo(_data, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string> { ["Atrium__ShutdownTimeout"] = "00:00:20" });
        start.RedirectStandardInput = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }


    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static async Task WaitReadyAsync(HttpClient client, Process server, StringBuilder output)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Assert.False(server.HasExited, $"The server exited:\n{output}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"The server did not become ready:\n{output}");
            await Task.Delay(200);
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "atrium.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A request body sent a few bytes at a time over about two seconds.</summary>
    private sealed class TrickleContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TrickleContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new("application/json");
            Headers.ContentLength = _bytes.Length;
        }

        public Task Started => _started.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            const int Chunks = 20;
            var size = (_bytes.Length + Chunks - 1) / Chunks;
            for (var offset = 0; offset < _bytes.Length; offset += size)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(size, _bytes.Length - offset)));
                await stream.FlushAsync();
                _started.TrySetResult();
                await Task.Delay(100);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
