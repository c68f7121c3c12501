using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Atrium.Platform.Errors;

/// <summary>An expected failure returned by a handler: a status code and an <see cref="ErrorBody"/>.</summary>
public abstract class ApiError(int statusCode, ErrorBody body) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ErrorBody>
{
    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public ErrorBody Value => body;

    object? IValueHttpResult.Value => body;

    public virtual Task ExecuteAsync(HttpContext httpContext) =>
        ErrorResponses.WriteAsync(httpContext, statusCode, body);

    protected static void Describe(EndpointBuilder builder, int statusCode) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(ErrorBody), ["application/json"]));
}

/// <summary>
/// An error the client may simply retry later (overload, rate limit, a timeout): <c>Retry-After</c> in
/// whole seconds goes with the body.
/// </summary>
public abstract class RetryLaterError(int statusCode, ErrorBody body, int retryAfterSeconds) : ApiError(statusCode, body)
{
    public int RetryAfterSeconds => retryAfterSeconds;

    public override Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return base.ExecuteAsync(httpContext);
    }
}

/// <summary>422: the request was understood but a field is invalid.</summary>
public sealed class ValidationFailed(ErrorBody body) : ApiError(StatusCodes.Status422UnprocessableEntity, body), IEndpointMetadataProvider
{
    public ValidationFailed(string field, string message) : this(ErrorBody.For(field, message)) { }

    /// <summary>A 422 listing every failed check, or null when all passed (a null error means "fine").</summary>
    public static ValidationFailed? From(params (string Field, string? Error)[] checks)
    {
        var errors = checks.Where(c => c.Error is not null).ToDictionary(c => c.Field, c => new[] { c.Error! });
        return errors.Count == 0 ? null : new ValidationFailed(new ErrorBody(errors));
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status422UnprocessableEntity);
}

/// <summary>404 naming what was not found.</summary>
public sealed class NotFoundError(string resource) : ApiError(StatusCodes.Status404NotFound, ErrorBody.For(resource, "not found")), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}

/// <summary>403: the caller is known but does not own the resource.</summary>
public sealed class ForbiddenError(string resource) : ApiError(StatusCodes.Status403Forbidden, ErrorBody.For(resource, "forbidden")), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status403Forbidden);
}

/// <summary>409: a unique value (username, e-mail) is already taken.</summary>
public sealed class ConflictError(string field) : ApiError(StatusCodes.Status409Conflict, ErrorBody.For(field, "has already been taken")), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}

/// <summary>401 for a failed sign-in (a missing or bad token is answered by the authentication handler).</summary>
public sealed class UnauthorizedError(string field, string message) : ApiError(StatusCodes.Status401Unauthorized, ErrorBody.For(field, message)), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status401Unauthorized);
}
