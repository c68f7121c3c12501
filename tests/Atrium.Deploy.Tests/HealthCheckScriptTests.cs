using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Atrium.Deploy.Tests;

/// <summary>
/// The container's HEALTHCHECK (deploy/docker/healthcheck.sh), run with bash as Docker would, against
/// a real TCP listener on 127.0.0.1 standing in for the server.
/// </summary>
public sealed class HealthCheckScriptTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK", 0)]
    [InlineData("HTTP/1.1 503 Service Unavailable", 1)]
    [InlineData("HTTP/1.1 500 Internal Server Error", 1)]
    public async Task The_check_asks_for_the_liveness_path_and_passes_only_on_200(string statusLine, int expectedExit)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = AnswerOnceAsync(listener, statusLine);

        var (exit, output) = await RunScriptAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var requestLine = await server.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("GET /health/live HTTP/1.1", requestLine);
        Assert.True(expectedExit == exit, $"exit {exit}, output: {output}");
    }

    [Fact]
    public async Task The_check_uses_the_first_of_several_configured_ports()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = AnswerOnceAsync(listener, "HTTP/1.1 200 OK");

        var (exit, output) = await RunScriptAsync($"{port};1");

        await server.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task The_check_fails_when_nothing_listens()
    {
        var port = Atrium.Testing.FreePort.Next();

        var (exit, output) = await RunScriptAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, exit);
        Assert.Contains("unhealthy", output, StringComparison.Ordinal);
    }

    private static async Task<string> AnswerOnceAsync(TcpListener listener, string statusLine)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync() ?? "";
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
        {
            // the rest of the request head
        }

        var response = Encoding.ASCII.GetBytes($"{statusLine}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(response);
        return requestLine;
    }

    private static async Task<(int Exit, string Output)> RunScriptAsync(string ports)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(DeployFiles.DeployDirectory, "docker", "healthcheck.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_HTTP_PORTS"] = ports;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
