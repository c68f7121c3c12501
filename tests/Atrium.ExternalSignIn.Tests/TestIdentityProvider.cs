using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.ExternalSignIn.Tests;

/// <summary>Who signs in at the test provider: the subject, e-mail and whether the provider vouches for the e-mail.</summary>
public sealed record ProviderUser(string Subject, string Email, bool EmailVerified, string? PreferredUsername = null);

/// <summary>
/// A real OpenID Connect provider on 127.0.0.1: OpenIddict's server (discovery, JWKS, authorization
/// code flow with PKCE required, signed ID tokens, one-time codes stored in SQLite). The only thing
/// it fakes is the person at the keyboard: the authorization endpoint signs in <see cref="NextUser"/>
/// (or refuses, when <see cref="Deny"/> is set) instead of showing a login form.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "atrium-web";
    public const string ClientSecret = "test-provider-client-secret";

    private readonly WebApplication app;
    private readonly string directory;

    private TestIdentityProvider(WebApplication app, string directory, int port)
    {
        this.app = app;
        this.directory = directory;
        Authority = $"http://127.0.0.1:{port}/";
    }

    public string Authority { get; }

    public ProviderUser? NextUser { get; set; }

    public bool Deny { get; set; }

    /// <summary>Starts the provider with one confidential client allowed to come back to <paramref name="redirectUris"/> (exactly).</summary>
    public static async Task<TestIdentityProvider> StartAsync(params string[] redirectUris)
    {
        var port = Atrium.Testing.FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("atrium-idp-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddDbContext<ProviderDbContext>(o =>
        {
            o.UseSqlite($"Data Source={Path.Combine(directory, "idp.db")}");
            o.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableAccessTokenEncryption();
                // Plain HTTP on 127.0.0.1: the tests never leave the machine.
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication();
        var app = builder.Build();
        var provider = new TestIdentityProvider(app, directory, port);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], provider.Authorize);
        app.MapPost("/connect/token", async (HttpContext context) =>
        {
            // Code redemption: OpenIddict has checked the code (one-time, PKCE, redirect URI, client); reissue its principal.
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return result.Principal is { } principal
                ? Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                : Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDbContext>().Database.EnsureCreatedAsync();
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                    Permissions.ResponseTypes.Code, Permissions.Scopes.Email, Permissions.Scopes.Profile,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            foreach (var uri in redirectUris)
            {
                descriptor.RedirectUris.Add(new Uri(uri));
            }

            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        }

        await app.StartAsync();
        return provider;
    }

    private IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (Deny || NextUser is not { } user)
        {
            // The user clicked "cancel": OpenIddict answers error=access_denied to the client's redirect URI.
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        identity.AddClaim(new Claim(Claims.Email, user.Email));
        identity.AddClaim(new Claim(Claims.EmailVerified, user.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        if (user.PreferredUsername is not null)
        {
            identity.AddClaim(new Claim(Claims.PreferredUsername, user.PreferredUsername));
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        principal.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans its temp folder anyway.
        }
    }

    private sealed class ProviderDbContext(DbContextOptions<ProviderDbContext> options) : DbContext(options);
}
