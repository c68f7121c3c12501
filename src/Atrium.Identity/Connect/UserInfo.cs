using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Identity.Connect;

/// <summary>The OpenID Connect userinfo answer; each claim only with the scope that covers it.</summary>
public sealed record UserInfoResponse(
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonPropertyName("preferred_username"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PreferredUsername,
    [property: JsonPropertyName("email"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email);

/// <summary><c>/connect/userinfo</c>: who the access token's account is, read fresh from the account.</summary>
public static class UserInfo
{
    public const string Path = "/connect/userinfo";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();

    public static async Task<IResult> HandleAsync(HttpContext http, AccountsDbContext accounts, CancellationToken ct)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        // The same standing as every module asks of the token: a reset or a disable since ends it here too.
        if (await AccountClaims.StandingUserAsync(principal, accounts, ct) is not { } user)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The token names no account.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var granted = principal!;
        var profile = granted.HasScope(Scopes.Profile);
        return TypedResults.Ok(new UserInfoResponse(
            user.Id.ToString(), profile ? user.Username : null, profile ? user.Username : null, granted.HasScope(Scopes.Email) ? user.Email : null));
    }
}
