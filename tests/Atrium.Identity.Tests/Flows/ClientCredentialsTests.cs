using System.Net;

namespace Atrium.Identity.Tests.Flows;

/// <summary>Service-to-service: a confidential client's own token, with the scopes it asked for among those it holds.</summary>
public sealed class ClientCredentialsTests(IdentitySqliteServer server) : IClassFixture<IdentitySqliteServer>
{
    [Fact]
    public async Task A_service_gets_a_token_for_its_registered_scopes_and_reads_public_data()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, "blog weather", clientCredentials: true, redirect: false);

        var tokens = await (await agent.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "blog",
        })).JsonOkAsync();

        Assert.Equal("Bearer", (string?)tokens["token_type"]);
        Assert.Null(tokens["refresh_token"]);
        using var api = agent.Bearer((string)tokens["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/articles")).StatusCode);
        // Only the scope it asked for: weather was registered, not requested.
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/weather/keys")).StatusCode);
    }

    [Fact]
    public async Task A_client_token_names_no_user_so_endpoints_that_act_for_one_refuse_it()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, "blog", clientCredentials: true, redirect: false);
        var tokens = await (await agent.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "blog",
        })).JsonOkAsync();

        using var api = agent.Bearer((string)tokens["access_token"]!);
        var feed = await api.GetAsync("/api/articles/feed");

        Assert.Equal(HttpStatusCode.Forbidden, feed.StatusCode);
        // Also where no module scope applies (the accounts' own endpoints).
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/user")).StatusCode);
    }

    [Fact]
    public async Task A_scope_the_client_was_not_registered_with_is_refused()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, "blog", clientCredentials: true, redirect: false);

        var response = await agent.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "todo",
        });

        // OpenIddict answers a scope the client holds no permission for as invalid_request.
        await response.AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, "blog", clientCredentials: true, redirect: false);

        var response = await agent.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_secret"] = "not-the-secret",
        });

        await response.AssertOAuthErrorAsync(HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Theory]
    [InlineData("/connect/token", "grant_type=client_credentials%00")]
    [InlineData("/connect/revoke", "token=%00")]
    [InlineData("/connect/introspect", "token=%00")]
    public async Task A_form_the_server_cannot_parse_is_an_oauth_error_not_the_apis_shape(string endpoint, string form)
    {
        // The form reader refuses a %00 before OpenIddict sees the request; clients of these endpoints read RFC 6749's shape.
        using var agent = new OAuthAgent(server);
        var response = await agent.Api.PostAsync(endpoint, new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        await response.AssertOAuthErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }
}
