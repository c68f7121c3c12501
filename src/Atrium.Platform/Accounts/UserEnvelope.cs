using System.Text.Json.Serialization;

namespace Atrium.Platform.Accounts;

/// <summary>The signed-in user as RealWorld shows it: <c>{"user":{...}}</c>, token included.</summary>
public sealed record UserEnvelope(UserResponse User)
{
    public static UserEnvelope From(AccountUser user, string token, string? refreshToken = null) =>
        new(new UserResponse(user.Email, token, user.Username, user.Bio, user.Image, refreshToken));
}

/// <summary>
/// RealWorld's user, plus <c>refreshToken</c> where a session starts or renews (login, register,
/// refresh); RealWorld clients ignore the extra field.
/// </summary>
public sealed record UserResponse(
    string Email,
    string Token,
    string Username,
    string? Bio,
    string? Image,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken = null);
