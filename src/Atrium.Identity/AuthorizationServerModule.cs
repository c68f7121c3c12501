using Atrium.Identity.Audit;
using Atrium.Identity.Clients;
using Atrium.Identity.Connect;
using Atrium.Identity.Handlers;
using Atrium.Identity.Keys;
using Atrium.Identity.Maintenance;
using Atrium.Platform.Jobs;
using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Identity;

/// <summary>
/// Atrium as an OAuth 2.0 / OpenID Connect authorization server (OpenIddict): authorization code with
/// PKCE (S256 only), client credentials, rotating refresh tokens, revocation, introspection, userinfo,
/// RP-initiated logout, discovery and JWKS. Its access tokens are accepted by every module beside the RealWorld tokens, limited
/// to their scopes. Users are the platform's accounts; the browser session is its login state.
/// </summary>
public static class AuthorizationServerModule
{
    public static IHostApplicationBuilder AddAuthorizationServer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddModuleDbContext<IdentityDbContext, SqliteIdentityDbContext, PostgresIdentityDbContext>(IdentityDbContext.Schema);
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>();
        services.AddScoped<IdentityAudit>();
        services.AddScoped<IdentityPruner>();
        services.AddRecurringJob<PruneIdentity>(PruneIdentity.Name, "0 10 4 * * ?");
        services.AddSingleton<IAtriumCommand, ClientCommand>();
        services.AddSingleton<IBearerTokenRoute, AccessTokenRoute>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, IdentityJsonContext.Default));
        services.AddClientErrorShape(OAuthClientErrors.Shape);

        var local = IdentityKeys.IsLocal(builder.Environment);
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris(Authorize.Path[1..]).SetTokenEndpointUris(Exchange.Path[1..])
                    .SetIntrospectionEndpointUris("connect/introspect").SetRevocationEndpointUris("connect/revoke")
                    .SetUserInfoEndpointUris(UserInfo.Path[1..]).SetEndSessionEndpointUris(EndSession.Path[1..]);
                o.AllowAuthorizationCodeFlow().AllowClientCredentialsFlow().AllowRefreshTokenFlow();
                o.RequireProofKeyForCodeExchange();
                o.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, .. TokenScopes.All]);
                // Rolling refresh tokens (OpenIddict's default) with no grace period: presenting a
                // redeemed one is reuse, and revokes every token of that authorization.
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                o.AddEventHandler(TokenEndpointRateLimit.Descriptor);
                o.AddEventHandler(RevocationAudit.Descriptor);
                o.AddEventHandler(IssuedToCallerOnly.Introspection);
                o.AddEventHandler(IssuedToCallerOnly.Revocation);
                o.AddEventHandler(RefusedGrantAudit.Descriptor);
                o.AddEventHandler(EndSessionErrorPage.Descriptor);
                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (local)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                // A revoked access token (revocation endpoint, refresh-token reuse) stops working at once.
                o.EnableTokenEntryValidation();
                o.AddEventHandler(ScopedAccessHandler.Descriptor);
            });

        // The server's endpoints are all under these (validation is restricted with its token route).
        services.Configure<AuthenticationRequestHandling>(handling => handling
            .OnlyUnder(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, "/connect", "/.well-known"));

        // After AddOpenIddict, whose registrations these replace.
        services.AddOpenIddictStores();
        // AddOpenIddict registers authentication and data protection again, with their eager key-ring load.
        services.SkipEagerKeyRingLoad();
        services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<IdentityOptions>>((server, identity) =>
        {
            var settings = identity.Value;
            // Only S256: "plain" would send the verifier itself through the browser.
            server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
            server.AuthorizationCodeLifetime = settings.AuthorizationCodeLifetime;
            server.AccessTokenLifetime = settings.AccessTokenLifetime;
            server.RefreshTokenLifetime = settings.RefreshTokenLifetime;
            server.Issuer = settings.Issuer;
            foreach (var key in IdentityKeys.Load(settings.SigningKeys, settings.PfxPassword, IdentityKeys.DevelopmentSigningFile, builder.Configuration, builder.Environment))
            {
                server.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
            }

            foreach (var credentials in IdentityKeys.LoadEncryption(settings.EncryptionKeys, settings.PfxPassword, builder.Configuration, builder.Environment))
            {
                server.EncryptionCredentials.Add(credentials);
            }
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapAuthorizationServer(this IEndpointRouteBuilder endpoints)
    {
        Authorize.Map(endpoints);
        SignInPage.Map(endpoints);
        Exchange.Map(endpoints);
        UserInfo.Map(endpoints);
        EndSession.Map(endpoints);
        return endpoints;
    }

    /// <summary>
    /// The authorization server's access tokens are encrypted (JWE: five segments); RealWorld tokens are
    /// signed JWTs (three). The shape alone routes a bearer token, without a lookup.
    /// </summary>
    private sealed class AccessTokenRoute : IBearerTokenRoute
    {
        public string Scheme => OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

        public bool Claims(ReadOnlySpan<char> token) => token.Count('.') == 4;
    }
}
