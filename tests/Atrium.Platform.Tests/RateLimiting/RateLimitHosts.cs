using System.Net;
using System.Net.Http.Headers;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.RateLimiting;

/// <summary>
/// Hosts of the real server with rate-limit settings of a test's choosing, whose clients can each
/// come from their own address (the test server has no TCP peer of its own).
/// </summary>
internal static class RateLimitHosts
{
    public const string PeerHeader = "X-Test-Peer";

    public static WebApplicationFactory<Program> WithSettings(this AtriumApp app, params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerAddressFilter>());
        });

    /// <summary>A client whose requests arrive from <paramref name="address"/>, with a token when given.</summary>
    public static HttpClient From(this WebApplicationFactory<Program> host, string address, string? token = null)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(PeerHeader, address);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        return client;
    }

    /// <summary>Sets the connection's remote address first thing, as a TCP peer would have.</summary>
    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
