using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;

namespace Atrium.Testing;

/// <summary>
/// A stand-in for a service the server sends to (Sentry's ingest, an OTLP collector): an HTTP listener
/// on 127.0.0.1 that keeps every request's path and (gunzipped) body and answers 200.
/// </summary>
public sealed class RecordingHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _contentType;
    private readonly byte[] _answer;
    private readonly Task _loop;

    public RecordingHttpServer(string contentType = "application/json", string answer = "{}")
    {
        Port = FreePort.Next();
        Address = $"http://127.0.0.1:{Port}";
        _contentType = contentType;
        _answer = System.Text.Encoding.UTF8.GetBytes(answer);
        _listener.Prefixes.Add(Address + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Address { get; }

    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // Stopped while waiting for a request.
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var input = string.Equals(context.Request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress)
                : context.Request.InputStream;
            using var body = new MemoryStream();
            await input.CopyToAsync(body);
            Received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = _contentType;
            await context.Response.OutputStream.WriteAsync(_answer);
            context.Response.Close();
        }
    }
}
