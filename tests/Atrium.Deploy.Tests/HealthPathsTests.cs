using System.Net;
using Atrium.Platform.Observability;
using Atrium.Testing;

namespace Atrium.Deploy.Tests;

/// <summary>The paths the probes, the HEALTHCHECK and Prometheus are pointed at answer on the real server.</summary>
public sealed class HealthPathsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData(AtriumTelemetry.MetricsPath)]
    public async Task The_path_the_deployment_uses_answers_200(string path)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Every_probe_path_in_deploy_answers_200_on_the_server()
    {
        var paths = DeployFiles.KubernetesObjects().OfKind("Deployment")
            .SelectMany(d => d.Containers())
            .SelectMany(c => new[] { "startupProbe", "livenessProbe", "readinessProbe" }.Select(p => c.Map(p).Map("httpGet").Str("path")!))
            .Append("/health/live") // healthcheck.sh
            .Distinct()
            .ToArray();
        Assert.Contains("GET /health/live ", DeployFiles.Read("deploy/docker/healthcheck.sh"), StringComparison.Ordinal);
        using var client = app.CreateClient();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }
}
