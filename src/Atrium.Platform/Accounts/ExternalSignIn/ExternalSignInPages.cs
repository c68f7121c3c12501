using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Atrium.Platform.Accounts.ExternalSignIn;

/// <summary>
/// The few HTML pages of external sign-in: the link confirmation and the friendly error pages (a
/// browser lands on them mid-flow, so they are pages, not JSON). No script, no styles from elsewhere.
/// </summary>
public static partial class ExternalSignInPages
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static IResult Error(int status, string title, string message, string backUrl = LocalUrl.Default) =>
        new HtmlPage(status, title, new StringBuilder()
            .Append("<p class=\"message\">").Append(E(message)).Append("</p>\n")
            .Append("<p><a class=\"back\" href=\"").Append(E(backUrl)).Append("\">Back</a></p>\n").ToString());

    /// <summary>"Link {provider} to your account {username}?", with a password field unless the user is signed in already.</summary>
    public static IResult Confirm(ExternalIdentity identity, AccountUser account, bool needsPassword, string antiforgeryToken, string? error, int status = StatusCodes.Status200OK)
    {
        var body = new StringBuilder()
            .Append("<p class=\"question\">Link <strong class=\"provider\">").Append(E(identity.Provider.DisplayName)).Append("</strong>")
            .Append(identity.Email is null ? "" : $" ({E(identity.Email)})")
            .Append(" to your account <strong class=\"username\">").Append(E(account.Username)).Append("</strong>?</p>\n");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>\n");
        }

        if (needsPassword && account.PasswordHash.Length == 0)
        {
            body.Append("<p>This account has no password. Sign in to it another way first, then link ")
                .Append(E(identity.Provider.DisplayName)).Append(" from there.</p>\n")
                .Append("<p><a class=\"back\" href=\"").Append(E(identity.ReturnUrl)).Append("\">Back</a></p>\n");
            return new HtmlPage(status, "Link your account", body.ToString());
        }

        body.Append("<form method=\"post\" action=\"/session/external/complete\">\n")
            .Append("<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"").Append(E(antiforgeryToken)).Append("\">\n");
        if (needsPassword)
        {
            body.Append("<p>Enter the password of <strong>").Append(E(account.Username)).Append("</strong> to prove it is yours.</p>\n")
                .Append("<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>\n");
        }

        body.Append("<button type=\"submit\" class=\"confirm\">Link and sign in</button>\n</form>\n")
            .Append("<p><a class=\"back\" href=\"").Append(E(identity.ReturnUrl)).Append("\">Cancel</a></p>\n");
        return new HtmlPage(status, "Link your account", body.ToString());
    }

    /// <summary>
    /// The provider said no, the answer could not be checked (state, correlation, nonce), or the
    /// provider could not be reached: a page saying which, never an exception (a 500).
    /// </summary>
    public static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var provider = context.Scheme.DisplayName ?? context.Scheme.Name;
        var failure = context.Failure;
        var (status, message, outcome) = failure switch
        {
            _ when Unreachable(failure) => (StatusCodes.Status502BadGateway, $"{provider} could not be reached. Try again later.", "unreachable"),
            _ when failure?.Message.Contains("access_denied", StringComparison.Ordinal) == true
                || failure?.Message.Contains("Access was denied", StringComparison.Ordinal) == true
                => (StatusCodes.Status403Forbidden, $"Signing in with {provider} was cancelled or refused.", "refused"),
            OpenIdConnectProtocolException => (StatusCodes.Status400BadRequest, $"{provider} refused the sign-in. Start again.", "failed"),
            _ => (StatusCodes.Status400BadRequest, "This sign-in answer is invalid, expired or was already used. Start again.", "failed"),
        };
        var name = context.Scheme.Name.StartsWith(ExternalSignInProviders.SchemePrefix, StringComparison.Ordinal)
            ? context.Scheme.Name[ExternalSignInProviders.SchemePrefix.Length..]
            : context.Scheme.Name;
        context.HttpContext.RequestServices.GetRequiredService<ExternalSignInMetrics>().Record(name, outcome);
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignInPages));
        LogFailure(logger, context.Scheme.Name, status, failure?.Message);
        await Error(status, "Sign-in failed", message).ExecuteAsync(context.HttpContext);
    }

    internal static bool Unreachable(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            // A provider that answered with a 4xx was reached: it refused (a token without the needed scope).
            if (e is HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError } or TaskCanceledException
                || e.Message.Contains("IDX20803", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "External sign-in with {Scheme} failed ({Status}): {Reason}")]
    private static partial void LogFailure(ILogger logger, string scheme, int status, string? reason);

    private static string E(string value) => Html.Encode(value);

    private sealed class HtmlPage(int status, string title, string body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.CacheControl = "no-store";
            var html = new StringBuilder()
                .Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<title>").Append(E(title)).Append(" · Atrium</title>\n")
                .Append("<style>body{font:16px/1.5 sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}.error{color:#b00}</style>\n")
                .Append("</head>\n<body>\n<h1>").Append(E(title)).Append("</h1>\n").Append(body).Append("</body>\n</html>\n");
            return response.WriteAsync(html.ToString(), httpContext.RequestAborted);
        }
    }
}
