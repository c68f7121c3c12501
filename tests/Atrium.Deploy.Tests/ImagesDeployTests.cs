using YamlDotNet.RepresentationModel;

namespace Atrium.Deploy.Tests;

/// <summary>The image service's own deployables: its Dockerfile, compose service and Kubernetes objects.</summary>
public sealed class ImagesDeployTests
{
    private const string Port = "8080";

    [Fact]
    public void The_images_Dockerfile_restores_and_publishes_the_standalone_host()
    {
        var dockerfile = DeployFiles.Read("deploy/docker/images.Dockerfile");
        foreach (var project in new[] { "Atrium.Platform", "Atrium.Images", "Atrium.Images.Server" })
        {
            Assert.Contains($"COPY src/{project}/{project}.csproj src/{project}/", dockerfile, StringComparison.Ordinal);
        }

        Assert.Contains("dotnet publish src/Atrium.Images.Server/Atrium.Images.Server.csproj", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Atrium.Images.Server.dll\"]", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^USER \$APP_UID$", dockerfile);
        Assert.Matches($@"(?m)^EXPOSE {Port}$", dockerfile);
    }

    [Fact]
    public void Compose_runs_the_image_service_after_the_migrator_with_the_shared_settings()
    {
        var services = DeployFiles.LoadSingleYaml("deploy/compose.yaml").Map("services");
        var images = services.Map("images").Entries();
        Assert.StartsWith("atrium-images:", images["image"].ToString(), StringComparison.Ordinal);
        Assert.Equal("deploy/docker/images.Dockerfile", ((YamlMappingNode)images["build"]).Str("dockerfile"));
        Assert.Equal("service_completed_successfully", ((YamlMappingNode)images["depends_on"]).Map("migrator").Str("condition"));
        var environment = ((YamlMappingNode)images["environment"]).Entries();
        Assert.StartsWith("${ATRIUM_IMAGES_SIGNING_KEY:?", environment["Atrium__Images__SigningKeys__0"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_runs_the_image_service_on_the_server_port_with_secrets_by_reference()
    {
        var objects = DeployFiles.ImagesKubernetesObjects();
        var deployment = Assert.Single(objects.OfKind("Deployment"));
        var container = Assert.Single(deployment.Containers());
        Assert.Equal("atrium-images", container.Str("image"));
        Assert.Equal(Port, ((YamlMappingNode)Assert.Single(container.Seq("ports").Children)).Str("containerPort"));
        Assert.Equal("/health/ready", container.Map("readinessProbe").Map("httpGet").Str("path"));
        var env = container.Seq("env").Children.Cast<YamlMappingNode>().ToDictionary(e => e.Str("name")!);
        foreach (var name in new[] { "Atrium__Auth__SigningKey", "Atrium__Images__SigningKeys__0", "ConnectionStrings__Atrium" })
        {
            Assert.Equal("atrium-secrets", env[name].Map("valueFrom").Map("secretKeyRef").Str("name"));
        }

        var service = Assert.Single(objects.OfKind("Service"));
        Assert.Equal(Port, ((YamlMappingNode)Assert.Single(service.Map("spec").Seq("ports").Children)).Str("targetPort"));
        Assert.Equal(
            deployment.Map("spec").Map("template").Map("metadata").Map("labels").Str("app.kubernetes.io/component"),
            service.Map("spec").Map("selector").Str("app.kubernetes.io/component"));
    }
}
