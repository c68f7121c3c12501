using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Atrium.Platform.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Tests.Accounts;

/// <summary>
/// UseAtriumAuthentication asks a restricted scheme to handle a request only where its condition holds,
/// asks every other scheme always, and authenticates with the default scheme exactly once either way.
/// </summary>
public sealed class AuthenticationRequestHandlingTests
{
    [Fact]
    public async Task A_restricted_scheme_is_asked_only_where_its_condition_holds()
    {
        await using var app = await StartAsync(handling => handling
            .OnlyUnder("restricted", "/connect")
            .OnlyWhen("header", request => request.Headers.ContainsKey("X-Mine")));
        using var client = app.GetTestClient();

        Assert.Equal("anonymous", await client.GetStringAsync("/api/tags"));
        Assert.Equal(0, Calls(app, "restricted"));
        Assert.Equal(0, Calls(app, "header"));
        Assert.Equal(1, Calls(app, "free"));

        // Under the prefix (any case), the restricted scheme handles the request and ends it.
        Assert.Equal("handled by restricted", await client.GetStringAsync("/CONNECT/token"));
        Assert.Equal(1, Calls(app, "restricted"));

        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/api/tags") { Headers = { { "X-Mine", "1" } } };
        Assert.Equal("handled by header", await (await client.SendAsync(withHeader)).Content.ReadAsStringAsync());
        Assert.Equal(1, Calls(app, "header"));
        Assert.Equal(1, Calls(app, "restricted"));
        // Both of those ended at the scheme that handled them, which comes before "free".
        Assert.Equal(1, Calls(app, "free"));
        Assert.Equal("anonymous", await client.GetStringAsync("/api/tags?next=/connect"));
        Assert.Equal(2, Calls(app, "free"));
        Assert.Equal(1, Calls(app, "restricted"));
    }

    [Fact]
    public async Task The_default_scheme_authenticates_once_per_request_and_sets_the_user()
    {
        await using var app = await StartAsync(handling => handling.OnlyUnder("restricted", "/connect"));
        using var client = app.GetTestClient();

        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/api/tags") { Headers = { { "X-User", "ada" } } };
        Assert.Equal("ada", await (await client.SendAsync(signedIn)).Content.ReadAsStringAsync());
        // One authentication: WebApplication did not add a second authentication middleware of its own.
        Assert.Equal(1, app.Services.GetRequiredService<Counter>().Authentications);
        // The authorization middleware reads the result the authentication middleware stored.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/private")).StatusCode);
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/private") { Headers = { { "X-User", "ada" } } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(allowed)).StatusCode);
    }

    private static int Calls(WebApplication app, string scheme) =>
        app.Services.GetRequiredService<Counter>().HandleRequestCalls.GetValueOrDefault(scheme);

    private static async Task<WebApplication> StartAsync(Action<AuthenticationRequestHandling> restrict)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<Counter>();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication("header-user")
            .AddScheme<AuthenticationSchemeOptions, HeaderUserHandler>("header-user", null)
            .AddScheme<AuthenticationSchemeOptions, CountingRequestHandler>("restricted", null)
            .AddScheme<AuthenticationSchemeOptions, CountingRequestHandler>("header", null)
            .AddScheme<AuthenticationSchemeOptions, CountingRequestHandler>("free", null);
        builder.Services.Configure(restrict);
        var app = builder.Build();
        app.UseAtriumAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/tags", (HttpContext http) => http.User.Identity?.Name ?? "anonymous");
        app.MapGet("/private", () => "ok").RequireAuthorization();
        await app.StartAsync();
        return app;
    }

    private sealed class Counter
    {
        public Dictionary<string, int> HandleRequestCalls { get; } = [];

        public int Authentications { get; set; }
    }

    /// <summary>Counts the times it is asked; ends the request only when it is a header request or under /connect.</summary>
    private sealed class CountingRequestHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Counter counter)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder), IAuthenticationRequestHandler
    {
        public async Task<bool> HandleRequestAsync()
        {
            lock (counter)
            {
                counter.HandleRequestCalls[Scheme.Name] = counter.HandleRequestCalls.GetValueOrDefault(Scheme.Name) + 1;
            }

            var mine = Scheme.Name switch
            {
                "restricted" => Request.Path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase),
                "header" => Request.Headers.ContainsKey("X-Mine"),
                _ => false,
            };
            if (mine)
            {
                await Response.WriteAsync($"handled by {Scheme.Name}");
            }

            return mine;
        }

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }

    /// <summary>The default scheme: whoever X-User names.</summary>
    private sealed class HeaderUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Counter counter)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            counter.Authentications++;
            if (Request.Headers["X-User"].ToString() is not { Length: > 0 } name)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], Scheme.Name));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
        }
    }
}
