using System.Net;
using System.Text;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>
/// Sentry, pointed by its DSN at a local HTTP listener standing in for the ingest endpoint: an
/// unhandled exception yields exactly one event envelope, carrying the request's trace id and none of
/// the request's secrets. Without a DSN nothing is sent.
/// </summary>
public sealed class ErrorTrackingTests : IAsyncDisposable
{
    private const string Token = "tok-3f9a1c7e-secret";
    private const string CookieValue = "cookie-8d2b-secret";
    private const string Password = "pw-5e7f-secret";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly IngestListener _ingest = new();

    public async ValueTask DisposeAsync() => await _ingest.DisposeAsync();

    [Fact]
    public async Task An_unhandled_exception_sends_one_envelope_with_the_trace_id_and_no_secrets()
    {
        await using var app = new SentryApp($"http://publickey@127.0.0.1:{_ingest.Port}/1");
        var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/test-only/throw?token=" + Token)
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { user = new { email = "a@example.com", password = Password } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Token " + Token);
        request.Headers.Add("Cookie", "atrium_admin=" + CookieValue);

        var json = await (await client.SendAsync(request)).JsonAsync(HttpStatusCode.InternalServerError);
        // traceId is the W3C traceparent of the request: 00-<trace id>-<span id>-<flags>.
        var traceId = ((string)json["traceId"]!).Split('-')[1];

        var deadline = DateTime.UtcNow + Patience;
        while (_ingest.Events.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "No event envelope arrived.");
            await Task.Delay(100);
        }

        // Whatever else the SDK would send has gone once it is flushed.
        await app.Services.GetRequiredService<IHub>().FlushAsync(Patience);
        var events = _ingest.Events;
        var envelope = Assert.Single(events);
        Assert.Contains("secret-detail", envelope, StringComparison.Ordinal);
        Assert.Contains($"\"trace_id\":\"{traceId}\"", envelope, StringComparison.Ordinal);
        foreach (var sent in _ingest.All)
        {
            Assert.DoesNotContain(Token, sent, StringComparison.Ordinal);
            Assert.DoesNotContain(CookieValue, sent, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, sent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_dsn_nothing_is_sent()
    {
        await using var app = new SentryApp(dsn: null);
        await (await app.CreateClient().PostAsync("/test-only/throw", null)).JsonAsync(HttpStatusCode.InternalServerError);
        Assert.Null(app.Services.GetService<IHub>());
        Assert.Empty(_ingest.All);
    }

    private sealed class SentryApp(string? dsn) : SqliteApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (dsn is not null)
            {
                builder.UseSetting("Sentry:Dsn", dsn);
            }

            builder.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ThrowingEndpoint>());
        }
    }

    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == "/test-only/throw"
                ? throw new InvalidOperationException("secret-detail")
                : Task.CompletedTask);
        };
    }

    /// <summary>Stands in for Sentry's ingest: keeps every envelope it is sent.</summary>
    private sealed class IngestListener : IAsyncDisposable
    {
        private readonly RecordingHttpServer _server = new();

        public int Port => _server.Port;

        public IReadOnlyList<string> All => [.. _server.Received.Select(r => Encoding.UTF8.GetString(r.Body))];

        /// <summary>The envelopes holding an event (not client reports or sessions).</summary>
        public IReadOnlyList<string> Events => [.. All.Where(e => e.Contains("\"type\":\"event\"", StringComparison.Ordinal))];

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
