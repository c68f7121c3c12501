using Atrium.Testing;

namespace Atrium.Blog.GraphQL.Tests;

/// <summary>Depth and complexity limits refuse expensive queries before they run; introspection stays open.</summary>
public sealed class LimitTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_query_nested_deeper_than_the_limit_is_refused_with_a_clear_message()
    {
        // The blog's types have no cycles; introspection's ofType chain is where depth grows.
        var ok = await app.CreateClient().DataAsync(OfTypeChain(10));
        Assert.Equal("Article", (string)ok["__type"]!["name"]!);

        var error = await app.CreateClient().ErrorAsync(OfTypeChain(20));
        Assert.Contains("depth", (string)error["message"]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_query_costing_more_than_the_limit_is_refused()
    {
        // 100 articles × comments × authors, aliased ten times.
        var fields = string.Join(' ', Enumerable.Range(0, 10).Select(i =>
            $"a{i}: articles(limit: 100) {{ articles {{ slug title author {{ username bio }} comments {{ body author {{ username bio image }} }} }} }}"));
        var error = await app.CreateClient().ErrorAsync("{ " + fields + " }");
        Assert.Contains("complexity", (string)error["message"]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task One_request_carries_at_most_ten_mutations()
    {
        var author = await app.RegisterAsync("author");
        var slug = await author.CreateArticleAsync();
        string Favorites(int n) => "mutation($slug: String!) { " + string.Join(' ', Enumerable.Range(0, n).Select(i => $"f{i}: favoriteArticle(slug: $slug) {{ favoritesCount }}")) + " }";

        Assert.Equal(1, (int)(await author.Client().DataAsync(Favorites(10), new { slug }))["f9"]!["favoritesCount"]!);

        await author.Client().DataAsync($"mutation {{ unfavoriteArticle(slug: \"{slug}\") {{ slug }} }}");
        var error = await author.Client().ErrorAsync(Favorites(11), new { slug });
        Assert.Equal("MUTATION_LIMIT", (string?)error["extensions"]!["code"]);
        Assert.Equal(0, (int)(await author.Client().RestAsync($"/api/articles/{slug}"))["article"]!["favoritesCount"]!);
    }

    [Fact]
    public async Task The_full_introspection_query_is_within_the_limits()
    {
        var data = await app.CreateClient().DataAsync(IntrospectionQuery);
        var types = data["__schema"]!["types"]!.AsArray().Select(t => (string)t!["name"]!).ToList();
        Assert.Contains("Article", types);
        Assert.Contains("Viewer", types);
        Assert.Single(types, t => t == "DateTime");
        Assert.Equal("Mutation", (string)data["__schema"]!["mutationType"]!["name"]!);
    }

    /// <summary><c>__type → fields → type → ofType…</c>, <paramref name="ofTypes"/> deep.</summary>
    private static string OfTypeChain(int ofTypes)
    {
        var inner = "name";
        for (var i = 0; i < ofTypes; i++)
        {
            inner = $"name ofType {{ {inner} }}";
        }

        return $"{{ __type(name: \"Article\") {{ name fields {{ type {{ {inner} }} }} }} }}";
    }

    // The query GraphiQL sends (GraphQL's getIntrospectionQuery()).
    private const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;
}
