using System.Net;
using System.Security.Claims;
using Atrium.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Identity.Tests.Flows;

/// <summary>
/// A standard OpenID Connect client — ASP.NET Core's own OpenIdConnect handler in a small web app of its
/// own on another port — signs a user in against Atrium: discovery, code + PKCE, state and nonce,
/// the id token checked against the JWKS, userinfo; and signs out again through the end-session endpoint.
/// </summary>
public sealed class StandardClientTests(IdentitySqliteServer server) : IClassFixture<IdentitySqliteServer>
{
    [Fact]
    public async Task The_aspnetcore_openidconnect_handler_signs_in_against_atrium()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var port = FreePort.Next();
        var clientBase = new Uri($"http://127.0.0.1:{port}");
        var registered = await Clients.Commands.AddAsync(server, Api.Unique("client"), $"{clientBase}signin-oidc", "openid profile email blog");
        await using var app = await StartClientAppAsync(port, registered.Id, registered.Secret!);

        var signIn = await agent.FollowAnywhereAsync(new Uri(clientBase, "/me"));
        Assert.Equal("/connect/login", signIn.RequestMessage!.RequestUri!.AbsolutePath);
        var consent = await agent.SignInAsync(signIn, account);
        var back = await agent.SubmitAsync(consent, new Dictionary<string, string> { ["submit.accept"] = "yes" });
        Assert.Equal(HttpStatusCode.Found, back.StatusCode);
        var me = await agent.FollowAnywhereAsync(back.Headers.Location!);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal($"{account.Username} {account.Email}", await me.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_aspnetcore_openidconnect_handler_signs_out_through_atrium()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var port = FreePort.Next();
        var clientBase = new Uri($"http://127.0.0.1:{port}");
        var registered = await Clients.Commands.AddAsync(server, Api.Unique("client"), $"{clientBase}signin-oidc", "openid profile email blog",
            postLogoutRedirectUri: $"{clientBase}signout-callback-oidc");
        await using var app = await StartClientAppAsync(port, registered.Id, registered.Secret!);
        var signIn = await agent.FollowAnywhereAsync(new Uri(clientBase, "/me"));
        var consent = await agent.SignInAsync(signIn, account);
        var back = await agent.SubmitAsync(consent, new Dictionary<string, string> { ["submit.accept"] = "yes" });
        Assert.Equal(HttpStatusCode.OK, (await agent.FollowAnywhereAsync(back.Headers.Location!)).StatusCode);
        Assert.True(await agent.IsSignedInAsync());

        // SignOutAsync("oidc") -> /connect/logout with the id token -> /signout-callback-oidc -> the app's page.
        var signedOut = await agent.FollowAnywhereAsync(new Uri(clientBase, "/logout"));

        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal(new Uri(clientBase, "/bye"), signedOut.RequestMessage!.RequestUri);
        Assert.False(await agent.IsSignedInAsync());
        var again = await agent.FollowAnywhereAsync(new Uri(clientBase, "/me"));
        Assert.Equal("/connect/login", again.RequestMessage!.RequestUri!.AbsolutePath);
    }

    private async Task<WebApplication> StartClientAppAsync(int port, string clientId, string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(o =>
            {
                o.Authority = server.Address.ToString();
                o.RequireHttpsMetadata = false;
                o.ClientId = clientId;
                o.ClientSecret = secret;
                o.ResponseType = "code";
                o.ResponseMode = "query";
                o.UsePkce = true;
                o.Scope.Add("profile");
                o.Scope.Add("email");
                o.Scope.Add("blog");
                o.GetClaimsFromUserInfoEndpoint = true;
                o.MapInboundClaims = false;
                // Keeps the id token, which the handler sends to the end-session endpoint as id_token_hint.
                o.SaveTokens = true;
                o.TokenValidationParameters.NameClaimType = "preferred_username";
                // Plain HTTP on 127.0.0.1 in the test: the correlation and nonce cookies may not be Secure-only.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => $"{user.Identity!.Name} {user.FindFirst("email")?.Value}").RequireAuthorization();
        app.MapGet("/logout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/bye" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapGet("/bye", () => "signed out");
        await app.StartAsync();
        return app;
    }
}
