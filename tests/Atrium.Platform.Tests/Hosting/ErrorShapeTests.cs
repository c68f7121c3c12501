using System.Net;
using System.Text;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>Every client error carries the API's error shape, including the framework's own.</summary>
public sealed class ErrorShapeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task An_unknown_endpoint_is_404_with_a_body() =>
        await (await app.CreateClient().GetAsync("/api/no-such-thing")).AssertErrorAsync(HttpStatusCode.NotFound, "request");

    [Fact]
    public async Task A_wrong_method_is_405_with_a_body() =>
        await (await app.CreateClient().PatchAsync("/api/users", null)).AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "request");

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var response = await app.CreateClient().PostAsync("/api/users", new StringContent("{}", Encoding.UTF8, "text/plain"));
        await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "body", "must be application/json");
    }

    [Fact]
    public async Task An_empty_body_is_400_body_is_missing()
    {
        var response = await app.CreateClient().PostAsync("/api/users", new StringContent("", Encoding.UTF8, "application/json"));
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "body", "is missing");
    }

    [Theory]
    [InlineData("application/json; charset=latin-1")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=")]
    public async Task A_json_body_in_a_charset_the_server_does_not_know_is_415(string contentType)
    {
        // ReadFromJsonAsync throws on a charset it cannot look up (it does not unquote); that is not a 500.
        var content = new StringContent("{}", Encoding.UTF8, "application/json");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await app.CreateClient().PostAsync("/api/users", content);
        await response.AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "body", "has a charset that is not supported (send UTF-8)");
    }
}
