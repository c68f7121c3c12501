using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace Atrium.Platform.Errors;

/// <summary>
/// The one place exceptions become responses. Bad requests the framework detects while binding
/// (malformed JSON or forms, wrong types, oversized bodies) become 4xx in the API's error shape; a database
/// outage is a 503 the client may retry; anything else is a bug: logged with its trace id,
/// answered as a 500 ProblemDetails with no internals.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        if (exception is BadHttpRequestException badRequest)
        {
            await ErrorResponses.WriteClientErrorAsync(httpContext, badRequest.StatusCode, Describe(badRequest));
            return true;
        }

        // The form and multipart readers throw this for a body they cannot parse (a %00 in a value, too
        // many fields, a broken boundary), wherever the form is read: OpenIddict's endpoints read it themselves.
        if (exception is InvalidDataException && httpContext.Request.HasFormContentType)
        {
            await ErrorResponses.WriteClientErrorAsync(httpContext, StatusCodes.Status400BadRequest, ErrorBody.For("body", "is not a valid form"));
            return true;
        }

        // ReadFromJsonAsync cannot decode a body whose Content-Type names an unknown charset (charset=latin-1).
        if (exception is InvalidOperationException { InnerException: ArgumentException } && HasUnknownCharset(httpContext.Request))
        {
            await ErrorResponses.WriteClientErrorAsync(httpContext, StatusCodes.Status415UnsupportedMediaType, ErrorBody.For("body", "has a charset that is not supported (send UTF-8)"));
            return true;
        }

        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is listening for an answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        var (method, path) = (httpContext.Request.Method, httpContext.Request.Path.ToString());
        if (IsDatabaseUnavailable(exception))
        {
            LogDatabaseUnavailable(exception, method, path, traceId);
            httpContext.Response.Headers.RetryAfter = "5";
            return await WriteProblemAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "The database is unavailable; try again shortly.", traceId);
        }

        LogUnhandled(exception, method, path, traceId);
        return await WriteProblemAsync(httpContext, StatusCodes.Status500InternalServerError, "An unexpected error occurred.", traceId);
    }

    /// <summary>A ProblemDetails carrying only a title and the trace id to find the log entry by.</summary>
    private ValueTask<bool> WriteProblemAsync(HttpContext httpContext, int status, string title, string traceId)
    {
        httpContext.Response.StatusCode = status;
        return problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Extensions = { ["traceId"] = traceId } },
        });
    }

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>An outage (server down, unreachable, overloaded, locked), not a bug: the client may retry.</summary>
    private static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked })
            {
                return true;
            }
        }

        return false;
    }


    private static bool HasUnknownCharset(HttpRequest request)
    {
        // The framework looks the charset up as written: a quoted (charset="utf-8") or empty one fails too.
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || mediaType.Charset.Value is not { } charset)
        {
            return false;
        }

        try
        {
            _ = Encoding.GetEncoding(charset);
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static ErrorBody Describe(BadHttpRequestException exception) => exception switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => ErrorBody.For("body", "is too large"),
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ErrorBody.For("body", "must be application/json"),
        { InnerException: JsonException } => ErrorBody.For("body", "is not valid JSON for this request"),
        _ when exception.Message.Contains("no body was provided", StringComparison.Ordinal) => ErrorBody.For("body", "is missing"),
        _ when BindFailure().Match(exception.Message) is { Success: true } m => ErrorBody.For(m.Groups["name"].Value, $"is not a valid value: '{m.Groups["value"].Value}'"),
        _ => ErrorBody.For("request", "is invalid"),
    };

    // The framework's message for a query or route value of the wrong type, e.g. limit=abc.
    [GeneratedRegex("^Failed to bind parameter \"(?:[^\"]* )?(?<name>\\w+)\" from \"(?<value>[^\"]{0,64})")]
    private static partial Regex BindFailure();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable on {Method} {Path} (trace {TraceId})")]
    private partial void LogDatabaseUnavailable(Exception exception, string method, string path, string traceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path} (trace {TraceId})")]
    private partial void LogUnhandled(Exception exception, string method, string path, string traceId);
}
