using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Blog.GraphQL.Tests;

/// <summary>GraphQL over HTTP: methods, content types and status codes as the GraphQL-over-HTTP spec sets them.</summary>
public sealed class HttpTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string GraphQLResponse = "application/graphql-response+json";

    [Fact]
    public async Task A_POSTed_query_answers_application_json_by_default()
    {
        var response = await app.CreateClient().PostGraphQLAsync("{ tags }");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.JsonAsync(HttpStatusCode.OK);
        Assert.NotNull(json["data"]!["tags"]);
    }

    [Fact]
    public async Task A_client_accepting_graphql_response_json_gets_it()
    {
        var response = await SendAsync(HttpMethod.Post, "/graphql", "{\"query\":\"{ tags }\"}", accept: $"{GraphQLResponse}, application/json;q=0.9");
        Assert.Equal(GraphQLResponse, response.Content.Headers.ContentType?.MediaType);
        await response.JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_GET_query_runs_with_its_variables()
    {
        var (author, slug) = await ArticleAsync();
        var url = "/graphql?query=" + Uri.EscapeDataString("query($s: String!) { article(slug: $s) { author { username } } }")
            + "&variables=" + Uri.EscapeDataString($"{{\"s\":\"{slug}\"}}");
        var json = await (await app.CreateClient().GetAsync(url)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(author.Username, (string)json["data"]!["article"]!["author"]!["username"]!);
    }

    [Fact]
    public async Task A_mutation_over_GET_is_405_and_writes_nothing()
    {
        var (author, slug) = await ArticleAsync();
        var url = "/graphql?query=" + Uri.EscapeDataString($"mutation {{ deleteArticle(slug: \"{slug}\") }}");
        var response = await author.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/api/articles/{slug}")).StatusCode);

        // The operation GET would run decides, not the first one in the document.
        var document = Uri.EscapeDataString($"query Read {{ tags }} mutation Write {{ deleteArticle(slug: \"{slug}\") }}");
        Assert.Equal(HttpStatusCode.OK, (await author.Client().GetAsync($"/graphql?query={document}&operationName=Read")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await author.Client().GetAsync($"/graphql?query={document}&operationName=Write")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/api/articles/{slug}")).StatusCode);
    }

    [Fact]
    public async Task Syntax_and_validation_errors_are_200_with_errors_under_application_json_and_400_under_graphql_response_json()
    {
        foreach (var query in new[] { "{ tags ", "{ noSuchField }", "{ article { slug } }" })
        {
            var body = new JsonObject { ["query"] = query }.ToJsonString();
            var asJson = await (await SendAsync(HttpMethod.Post, "/graphql", body, accept: "application/json")).JsonAsync(HttpStatusCode.OK);
            Assert.Null(asJson["data"]);
            Assert.NotEmpty(asJson["errors"]!.AsArray());

            var response = await SendAsync(HttpMethod.Post, "/graphql", body, accept: GraphQLResponse);
            Assert.Equal(GraphQLResponse, response.Content.Headers.ContentType?.MediaType);
            var asGraphQL = await response.JsonAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(asGraphQL["errors"]!.AsArray());
        }

        var syntax = await app.CreateClient().ErrorAsync("{ tags ");
        Assert.Equal("SYNTAX_ERROR", (string?)syntax["extensions"]!["code"]);
        Assert.NotNull(syntax["locations"]);
    }

    [Fact]
    public async Task An_execution_error_still_has_data_and_is_200_under_both_types()
    {
        var body = "{\"query\":\"mutation { followProfile(username: \\\"nobody\\\") { username } }\"}";
        foreach (var accept in new[] { "application/json", GraphQLResponse })
        {
            var json = await (await SendAsync(HttpMethod.Post, "/graphql", body, accept)).JsonAsync(HttpStatusCode.OK);
            Assert.Equal("UNAUTHENTICATED", (string?)json["errors"]![0]!["extensions"]!["code"]);
            Assert.True(json.AsObject().ContainsKey("data"));
        }
    }

    [Fact]
    public async Task Malformed_requests_are_refused_before_execution()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "/graphql", "{not json", "application/json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "/graphql", "{\"variables\":{}}", "application/json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "/graphql", "[{\"query\":\"{ tags }\"}]", "application/json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.CreateClient().GetAsync("/graphql?query={tags}&variables=[1")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await SendAsync(HttpMethod.Post, "/graphql", "{ tags }", "application/json", contentType: "text/plain")).StatusCode);
        Assert.Equal(HttpStatusCode.NotAcceptable, (await SendAsync(HttpMethod.Post, "/graphql", "{\"query\":\"{ tags }\"}", "text/csv")).StatusCode);
    }

    [Fact]
    public async Task Strings_no_database_can_store_are_refused_in_literals_and_variables()
    {
        var author = await app.RegisterAsync("author");
        var literal = await author.Client().ErrorAsync("{ articles(tag: \"a\\u0000b\") { articlesCount } }");
        Assert.Contains("can't be stored", (string)literal["message"]!, StringComparison.Ordinal);

        var variable = await author.Client().ErrorAsync("mutation($slug: String!) { deleteArticle(slug: $slug) }", new { slug = "a\0b" });
        Assert.StartsWith("Variable '$slug' is invalid", (string)variable["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_413_in_graphqls_error_shape()
    {
        // Refused by the platform before the endpoint runs; a GraphQL client still reads "errors" as an array.
        var body = new JsonObject { ["query"] = "{ tags }", ["variables"] = new JsonObject { ["pad"] = new string('x', 70 * 1024) } }.ToJsonString();
        var json = await (await SendAsync(HttpMethod.Post, "/graphql", body, "application/json")).JsonAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("too large", (string)json["errors"]!.AsArray()[0]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_in_the_query_string_is_400_in_graphqls_error_shape()
    {
        var json = await (await app.CreateClient().GetAsync("/graphql?query=%7Btags%7D%00")).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("can't be stored", (string)json["errors"]!.AsArray()[0]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_gets_the_query_page_served_from_the_server_itself()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Atrium GraphQL</title>", html, StringComparison.Ordinal);
        // Offline: nothing is loaded from anywhere else.
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'sha256-", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
    }

    private async Task<(TestUser Author, string Slug)> ArticleAsync()
    {
        var author = await app.RegisterAsync("author");
        return (author, await author.CreateArticleAsync());
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string body, string accept, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Accept.ParseAdd(accept);
        return app.CreateClient().SendAsync(request);
    }
}
