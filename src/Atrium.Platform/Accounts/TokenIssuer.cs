using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Platform.Accounts;

/// <summary>Mints the API's access tokens: HS256 JWTs naming the user by id.</summary>
public sealed class TokenIssuer(SigningKey signingKey, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>The account's <see cref="AccountUser.TokenVersion"/> when the token was minted.</summary>
    public const string TokenVersionClaim = "tv";

    private static readonly JsonWebTokenHandler Handler = new();

    public string Issue(AccountUser user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.TokenLifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.UniqueName, user.Username),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                new Claim(TokenVersionClaim, user.TokenVersion.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
            ]),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
