using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Platform.Accounts;

/// <summary>JWT bearer authentication that also accepts RealWorld's <c>Authorization: Token &lt;jwt&gt;</c>.</summary>
public static class TokenAuthentication
{
    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKey, IOptions<AuthOptions>>((jwt, key, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = key.Key,
                    // Pinned: a token signed any other way (none, RS256 with our key as a secret…) is refused.
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ReadTokenFromHeader,
                    OnChallenge = WriteChallenge,
                };
            });
        services.AddAuthorization();
        return services;
    }

    private static Task ReadTokenFromHeader(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        foreach (var scheme in (ReadOnlySpan<string>)["Token ", "Bearer "])
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                context.Token = header[scheme.Length..].Trim();
                return Task.CompletedTask;
            }
        }

        context.NoResult();
        return Task.CompletedTask;
    }

    private static async Task WriteChallenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var presented = !string.IsNullOrEmpty(context.Request.Headers.Authorization.ToString());
        context.Response.Headers.WWWAuthenticate = "Token";
        await ErrorResponses.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
            ErrorBody.For("token", presented ? "is invalid" : "is missing"));
    }
}
