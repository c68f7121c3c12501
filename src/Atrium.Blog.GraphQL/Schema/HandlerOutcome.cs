using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.GraphQL.Schema;

/// <summary>
/// A REST handler's outcome as GraphQL sees it: the value, or an error carrying the REST status and
/// error body (<c>extensions.code</c>, <c>extensions.errors</c>), so both APIs refuse alike.
/// </summary>
internal static class HandlerOutcome
{
    public static T Value<T>(IResult result) => result switch
    {
        IValueHttpResult<T> { Value: { } value } and not ApiError => value,
        ApiError error => throw new ApiExecutionError(error),
        _ => throw new InvalidOperationException($"Unexpected handler result {result.GetType().Name}."),
    };

    /// <summary>For deletes: true on 204, else the error.</summary>
    public static bool Done(IResult result) => result switch
    {
        NoContent => true,
        ApiError error => throw new ApiExecutionError(error),
        _ => throw new InvalidOperationException($"Unexpected handler result {result.GetType().Name}."),
    };

    /// <summary>Mutations refuse anonymous callers, as the REST group's RequireAuthorization does, with its words.</summary>
    public static CurrentUser SignedIn(IResolveFieldContext context)
    {
        var caller = CurrentUser.From(context.User!);
        if (caller.IsAuthenticated)
        {
            return caller;
        }

        var presented = context.RequestServices?.GetService<IHttpContextAccessor>()?.HttpContext?.Request.Headers.Authorization.Count > 0;
        throw new ApiExecutionError("UNAUTHENTICATED", StatusCodes.Status401Unauthorized, ErrorBody.For("token", presented ? "is invalid" : "is missing"));
    }

    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "UNAUTHENTICATED",
        StatusCodes.Status403Forbidden => "FORBIDDEN",
        StatusCodes.Status404NotFound => "NOT_FOUND",
        StatusCodes.Status409Conflict => "CONFLICT",
        StatusCodes.Status422UnprocessableEntity => "VALIDATION_FAILED",
        _ => "BAD_REQUEST",
    };
}

/// <summary>An expected refusal: the message names the fields, the extensions carry the REST error body.</summary>
internal sealed class ApiExecutionError : ExecutionError
{
    public ApiExecutionError(string code, int status, ErrorBody body)
        : base(string.Join("; ", body.Errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")))
    {
        Code = code;
        Status = status;
        Body = body;
    }

    public ApiExecutionError(ApiError error) : this(HandlerOutcome.CodeFor(error.StatusCode), error.StatusCode, error.Value)
    {
    }

    public int Status { get; }

    public ErrorBody Body { get; }
}
