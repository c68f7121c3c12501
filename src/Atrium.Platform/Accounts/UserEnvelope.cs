namespace Atrium.Platform.Accounts;

/// <summary>The signed-in user as RealWorld shows it: <c>{"user":{...}}</c>, token included.</summary>
public sealed record UserEnvelope(UserResponse User)
{
    public static UserEnvelope From(AccountUser user, string token) =>
        new(new UserResponse(user.Email, token, user.Username, user.Bio, user.Image));
}

public sealed record UserResponse(string Email, string Token, string Username, string? Bio, string? Image);
