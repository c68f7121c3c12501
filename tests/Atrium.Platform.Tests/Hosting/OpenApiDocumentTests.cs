using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>
/// docs/api/openapi.v1.json is the committed contract. A change to the endpoints that changes the
/// document fails here until the file is regenerated: <c>ATRIUM_UPDATE_OPENAPI=1 scripts/test.sh</c>.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly string CommittedPath = Path.Combine(RepositoryRoot.Path, "docs", "api", "openapi.v1.json");

    [Fact]
    public async Task The_served_document_matches_the_committed_one()
    {
        var served = JsonNode.Parse(await (await app.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var servedText = served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("ATRIUM_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, servedText);
        }

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing; run with ATRIUM_UPDATE_OPENAPI=1 to create it.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath))!;
        Assert.True(JsonNode.DeepEquals(committed, served),
            "The OpenAPI document drifted from docs/api/openapi.v1.json; review the change and regenerate with ATRIUM_UPDATE_OPENAPI=1.");
    }

    [Fact]
    public async Task Every_operation_has_a_stable_id_and_the_docs_page_is_served()
    {
        var document = JsonNode.Parse(await (await app.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync())!;
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).ToList();
        Assert.Equal(22, operations.Count);
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty((string?)o.Value!["operationId"])));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/docs/")).StatusCode);
    }
}
