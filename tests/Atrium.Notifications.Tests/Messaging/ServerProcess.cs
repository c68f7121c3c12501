using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Atrium.Testing;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>
/// The built server as a real process (<c>dotnet Atrium.Server.dll</c>, Production, SQLite in a
/// data folder of its own), so a test can SIGKILL it. Output is kept for failure messages.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="port">A restart passes the previous instance's port, so clients reconnect to the same address.</param>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, string signingKey, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        port ??= FreePort.Next();
        var start = ServerExecutable.StartInfo(dataDirectory, signingKey, ["--urls", $"http://127.0.0.1:{port}"], settings);
        start.RedirectStandardInput = false;

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), new Uri($"http://127.0.0.1:{port}"));
        using var client = server.Client();
        await Eventually.TrueAsync(async () =>
        {
            Assert.False(server._process.HasExited, $"The server exited:\n{server.Output}");
            try
            {
                return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the server to be ready");
        return server;
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown, no flush, no hosted service stopping. Only what was committed survives.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

}
