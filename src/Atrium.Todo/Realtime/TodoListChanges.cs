using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atrium.Todo.Realtime;

/// <summary>
/// Tells a list's open pages that it changed: an endpoint filter on every list route, so each slice
/// stays as it is. Only after a write that succeeded (2xx): a refused or failed one changed nothing.
/// </summary>
public static partial class TodoListChanges
{
    public const string Event = "listChanged";

    /// <summary>
    /// The list's group: an owned list by its id, a guest list by its capability's hash (the
    /// capability itself never leaves the request, not even to the Redis backplane).
    /// </summary>
    public static string Group(string listId) =>
        "todo-list:" + (Guid.TryParseExact(listId, "D", out var id) ? id.ToString() : OpaqueToken.Hash(listId));

    public static async ValueTask<object?> PublishAfterWriteAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || http.Request.RouteValues["listId"] is not string listId || listId.Length > OpaqueToken.MaxLength
            || !Succeeded(result))
        {
            return result;
        }

        try
        {
            var hub = http.RequestServices.GetRequiredService<IHubContext<TodoListHub>>();
            await hub.Clients.Group(Group(listId)).SendAsync(Event, CancellationToken.None);
        }
#pragma warning disable CA1031 // The write is committed; a failed push (Redis down) must not turn it into an error.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPushFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TodoListChanges)), e);
        }

        return result;
    }

    private static bool Succeeded(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push a todo list change")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
