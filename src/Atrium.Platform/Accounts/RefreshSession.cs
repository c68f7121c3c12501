namespace Atrium.Platform.Accounts;

public sealed record RefreshTokenRequest(string? RefreshToken);

/// <summary><c>POST /api/users/token</c>: a new access token and a rotated refresh token.</summary>
public static class RefreshSession
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/users/token", HandleAsync).WithName(nameof(RefreshSession)).AllowAnonymous();

    public static async Task<Results<Ok<UserEnvelope>, ValidationFailed, UnauthorizedError>> HandleAsync(
        RefreshTokenRequest request, RefreshTokens refreshTokens, TokenIssuer tokens, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return new ValidationFailed("refreshToken", "can't be blank");
        }

        return await refreshTokens.RotateAsync(request.RefreshToken, ct) is var (user, secret)
            ? TypedResults.Ok(UserEnvelope.From(user, tokens.Issue(user), secret))
            : new UnauthorizedError("refreshToken", "is invalid");
    }
}

/// <summary><c>POST /api/users/logout</c>: revokes the refresh token's whole session (its family).</summary>
public static class Logout
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/users/logout", HandleAsync).WithName(nameof(Logout)).AllowAnonymous();

    public static async Task<Results<NoContent, ValidationFailed>> HandleAsync(
        RefreshTokenRequest request, RefreshTokens refreshTokens, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return new ValidationFailed("refreshToken", "can't be blank");
        }

        // Unknown or already revoked: still 204, logging out twice is not an error.
        await refreshTokens.RevokeAsync(request.RefreshToken, ct);
        return TypedResults.NoContent();
    }
}
