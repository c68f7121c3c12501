using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Atrium.ExternalSignIn.Tests;

/// <summary>
/// A scripted browser: one cookie jar, redirects followed hop by hop, forms posted. Requests to
/// Atrium (http://localhost) go to the in-process server; everything else (the identity provider)
/// over real HTTP on 127.0.0.1.
/// </summary>
public sealed partial class UserAgent(HttpMessageHandler atrium) : IDisposable
{
    public static readonly Uri Atrium = new("http://localhost/");

    private readonly HttpMessageInvoker local = new(atrium);
    private readonly HttpMessageInvoker network = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });

    public CookieContainer Cookies { get; } = new();

    /// <summary>One request, no redirect followed; cookies sent and stored like a browser.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var uri = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(Atrium, request.RequestUri);
        request.RequestUri = uri;
        var cookies = Cookies.GetCookieHeader(uri);
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }

        var invoker = uri.Host == Atrium.Host ? local : network;
        var response = await invoker.SendAsync(request, CancellationToken.None);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Cookies.SetCookies(uri, setCookie);
            }
        }

        return response;
    }

    /// <summary>GETs <paramref name="url"/> and follows redirects; the last answer and where it came from.</summary>
    public async Task<Page> BrowseAsync(string url)
    {
        var uri = new Uri(Atrium, url);
        for (var hop = 0; hop < 20; hop++)
        {
            var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, uri));
            if (response.Headers.Location is not { } location || (int)response.StatusCode is < 300 or >= 400)
            {
                return new Page(uri, response, await response.Content.ReadAsStringAsync());
            }

            uri = new Uri(uri, location);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>Submits the page's only form with <paramref name="fields"/> added to its hidden inputs, then follows redirects.</summary>
    public async Task<Page> SubmitAsync(Page page, IDictionary<string, string> fields)
    {
        var action = FormAction().Match(page.Html);
        Assert.True(action.Success, "The page has no form:\n" + page.Html);
        var values = HiddenInput().Matches(page.Html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        var target = new Uri(page.Url, WebUtility.HtmlDecode(action.Groups["action"].Value));
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(values) });
        if (response.Headers.Location is { } location && (int)response.StatusCode is >= 300 and < 400)
        {
            return await BrowseAsync(new Uri(target, location).ToString());
        }

        return new Page(target, response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page's JSON endpoints: GET <c>/session</c> for the antiforgery token, then the request with it.</summary>
    public async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, object? body = null)
    {
        var session = await SessionAsync();
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-CSRF-Token", (string)session["antiforgeryToken"]!);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await SendAsync(request);
    }

    public async Task<JsonObject> SessionAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/session");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public async Task<string?> SignedInAsAsync() => (string?)(await SessionAsync())["user"]?["username"];

    public void Dispose()
    {
        local.Dispose();
        network.Dispose();
    }

    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}

/// <summary>What the browser shows: the final URL, status and body.</summary>
public sealed record Page(Uri Url, HttpResponseMessage Response, string Html)
{
    public HttpStatusCode Status => Response.StatusCode;

    public string Path => Url.AbsolutePath;
}
