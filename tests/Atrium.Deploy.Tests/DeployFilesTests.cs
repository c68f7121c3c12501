using System.Text.Json;
using System.Text.RegularExpressions;
using Atrium.Platform.Observability;
using YamlDotNet.RepresentationModel;

namespace Atrium.Deploy.Tests;

/// <summary>
/// Static checks of deploy/ and the CI workflow: no Docker engine or cluster runs here, so what can be
/// checked without one is checked: the files parse, their settings bind to real options, and names,
/// ports, paths and images agree with each other and with the projects.
/// </summary>
public sealed partial class DeployFilesTests
{
    private const int ServerPort = 8080;
    private const string ImageName = "atrium-server";
    private static readonly string[] HealthPaths = ["/health/live", "/health/ready"];

    [Fact]
    public void The_deployment_files_exist()
    {
        string[] expected =
        [
            "deploy/docker/Dockerfile", "deploy/docker/healthcheck.sh", "deploy/compose.yaml",
            "deploy/prometheus/prometheus.yml", "deploy/grafana/provisioning/datasources/prometheus.yaml",
            "deploy/grafana/provisioning/dashboards/atrium.yaml", "deploy/grafana/dashboards/atrium-overview.json",
            "deploy/k8s/base/kustomization.yaml", "deploy/k8s/migrate/kustomization.yaml",
            "deploy/k8s/config/kustomization.yaml", ".github/workflows/ci.yml",
        ];
        Assert.All(expected, f => Assert.True(File.Exists(Path.Combine(DeployFiles.Root, f)), f + " is missing"));
    }

    [Fact]
    public void Every_yaml_and_json_file_parses()
    {
        Assert.NotEmpty(DeployFiles.YamlFiles);
        foreach (var file in DeployFiles.YamlFiles)
        {
            var documents = DeployFiles.LoadYaml(file);
            Assert.True(documents.Count > 0, file + " is empty");
            Assert.All(documents, d => Assert.IsType<YamlMappingNode>(d));
        }

        var json = DeployFiles.AllFiles.Where(f => f.EndsWith(".json", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(json);
        foreach (var file in json)
        {
            using var _ = JsonDocument.Parse(DeployFiles.Read(file));
        }
    }

    [Fact]
    public void Every_Atrium_and_connection_string_variable_binds_to_a_real_option()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in DeployFiles.AllFiles)
        {
            foreach (Match m in AtriumVariable().Matches(DeployFiles.Read(file)))
            {
                found.Add(m.Value);
            }
        }

        // The deployment sets at least these; if the scan found none, it is broken.
        Assert.Contains("Atrium__Auth__SigningKey", found);
        Assert.Contains("ConnectionStrings__Atrium", found);
        Assert.Contains("Atrium__Jobs__RunWorker", found);
        var unknown = found.Where(v => !ConfigurationKeys.Maps(v)).ToArray();
        Assert.True(unknown.Length == 0, "Not an Atrium option: " + string.Join(", ", unknown));
    }

    [Theory]
    [InlineData("Atrium__Jobs__RunWorker", true)]
    [InlineData("atrium__jobs__runworker", true)]
    [InlineData("Atrium__Http__KnownNetworks__0", true)]
    [InlineData("Atrium__Mail__Smtp__Host", true)]
    [InlineData("Atrium__RateLimits__Anonymous__PermitLimit", true)]
    [InlineData("Atrium__DataDirectory", true)]
    [InlineData("ConnectionStrings__RabbitMQ", true)]
    [InlineData("Atrium__Jobs__RunWorkers", false)]
    [InlineData("Atrium__Http__KnownNetworks", false)]
    [InlineData("Atrium__Http__KnownNetworks__x", false)]
    [InlineData("Atrium__Jobs", false)]
    [InlineData("ConnectionStrings__Postgres", false)]
    public void The_option_check_tells_real_keys_from_misspelt_ones(string variable, bool binds) =>
        Assert.Equal(binds, ConfigurationKeys.Maps(variable));

    [Fact]
    public void The_Dockerfile_builds_the_server_project_and_its_references()
    {
        var dockerfile = DeployFiles.Read("deploy/docker/Dockerfile");
        // Every source path a COPY names (not --from=build) exists in the repository.
        foreach (Match m in CopyLine().Matches(dockerfile))
        {
            var sources = m.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1];
            Assert.All(sources, s => Assert.True(
                File.Exists(Path.Combine(DeployFiles.Root, s)) || Directory.Exists(Path.Combine(DeployFiles.Root, s)),
                $"Dockerfile copies {s}, which does not exist"));
        }

        // The restore layer copies every project the server needs (else restore fails in the image).
        foreach (var project in ServerProjectClosure())
        {
            Assert.Contains($"COPY {project} ", dockerfile, StringComparison.Ordinal);
        }

        Assert.Contains("dotnet publish src/Atrium.Server/Atrium.Server.csproj", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Atrium.Server.dll\"]", dockerfile, StringComparison.Ordinal);
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/sdk:\S+ AS build", dockerfile);
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/aspnet:\S+ AS runtime", dockerfile);
        Assert.Matches(@"(?m)^USER \$APP_UID$", dockerfile);
        Assert.Matches(@"(?m)^HEALTHCHECK .*atrium-healthcheck", dockerfile);
        Assert.Contains($"ASPNETCORE_HTTP_PORTS={ServerPort}", dockerfile, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^EXPOSE {ServerPort}$", dockerfile);
    }

    [Fact]
    public void Compose_runs_the_migrator_before_the_roles_and_gives_each_role_its_worker_setting()
    {
        var services = DeployFiles.LoadSingleYaml("deploy/compose.yaml").Map("services");
        foreach (var name in new[] { "postgres", "redis", "rabbitmq", "migrator", "api", "worker", "prometheus", "grafana" })
        {
            Assert.NotNull(services.Get(name));
        }

        var migrator = services.Map("migrator").Entries();
        Assert.Equal("migrate", Assert.Single(((YamlSequenceNode)migrator["command"]).Children).ToString());
        foreach (var (role, runWorker) in new[] { ("api", "false"), ("worker", "true") })
        {
            var service = services.Map(role).Entries();
            var dependsOn = (YamlMappingNode)service["depends_on"];
            Assert.Equal("service_completed_successfully", dependsOn.Map("migrator").Str("condition"));
            var environment = ((YamlMappingNode)service["environment"]).Entries();
            Assert.Equal(runWorker, environment["Atrium__Jobs__RunWorker"].ToString());
            Assert.Equal("Postgres", environment["Atrium__Database__Provider"].ToString());
            Assert.Equal(ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), environment["ASPNETCORE_HTTP_PORTS"].ToString());
            // Secrets come from the operator's .env, never from the file.
            Assert.StartsWith("${ATRIUM_SIGNING_KEY:?", environment["Atrium__Auth__SigningKey"].ToString(), StringComparison.Ordinal);
        }

        var api = services.Map("api").Entries();
        var published = Assert.Single(((YamlSequenceNode)api["ports"]).Children).ToString();
        Assert.EndsWith($":{ServerPort}", published, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_agree_between_compose_kubernetes_and_the_workflow()
    {
        var services = DeployFiles.LoadSingleYaml("deploy/compose.yaml").Map("services");
        foreach (var role in new[] { "migrator", "api", "worker" })
        {
            var service = services.Map(role).Entries();
            Assert.StartsWith(ImageName + ":", service["image"].ToString(), StringComparison.Ordinal);
            Assert.Equal("deploy/docker/Dockerfile", ((YamlMappingNode)service["build"]).Str("dockerfile"));
        }

        var workloads = DeployFiles.KubernetesObjects().OfKind("Deployment").Concat(DeployFiles.KubernetesObjects().OfKind("Job")).ToArray();
        Assert.Equal(3, workloads.Length);
        Assert.All(workloads.SelectMany(w => w.Containers()), c => Assert.Equal(ImageName, c.Str("image")));
        foreach (var kustomization in new[] { "deploy/k8s/base/kustomization.yaml", "deploy/k8s/migrate/kustomization.yaml" })
        {
            var image = (YamlMappingNode)Assert.Single(DeployFiles.LoadSingleYaml(kustomization).Seq("images").Children);
            Assert.Equal(ImageName, image.Str("name"));
            Assert.EndsWith("/" + ImageName, image.Str("newName"), StringComparison.Ordinal);
        }

        var workflow = DeployFiles.LoadSingleYaml(".github/workflows/ci.yml");
        Assert.Equal(ImageName, workflow.Map("env").Str("IMAGE_NAME"));
        Assert.Contains("file: deploy/docker/Dockerfile", DeployFiles.Read(".github/workflows/ci.yml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_ports_agree_from_container_to_probe_to_service()
    {
        var objects = DeployFiles.KubernetesObjects();
        var config = Assert.Single(objects.OfKind("ConfigMap")).Map("data");
        Assert.Equal(ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), config.Str("ASPNETCORE_HTTP_PORTS"));
        foreach (var deployment in objects.OfKind("Deployment"))
        {
            var container = Assert.Single(deployment.Containers());
            var port = (YamlMappingNode)Assert.Single(container.Seq("ports").Children);
            Assert.Equal(ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), port.Str("containerPort"));
            foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
            {
                var get = container.Map(probe).Map("httpGet");
                Assert.Equal(ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), get.Str("port"));
                Assert.Contains(get.Str("path"), HealthPaths);
            }

            Assert.Equal("/health/live", container.Map("livenessProbe").Map("httpGet").Str("path"));
            Assert.Equal("/health/ready", container.Map("readinessProbe").Map("httpGet").Str("path"));
            var annotations = deployment.Map("spec").Map("template").Map("metadata").Map("annotations");
            Assert.Equal(ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations.Str("prometheus.io/port"));
            Assert.Equal(AtriumTelemetry.MetricsPath, annotations.Str("prometheus.io/path"));
        }

        var service = Assert.Single(objects.OfKind("Service"));
        var servicePort = (YamlMappingNode)Assert.Single(service.Map("spec").Seq("ports").Children);
        Assert.Equal(ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), servicePort.Str("targetPort"));

        // The Ingress, HPA and PDBs point at objects that exist.
        var deployments = objects.OfKind("Deployment").Select(d => d.Map("metadata").Str("name")).ToHashSet();
        // Two Ingresses: the API's, and /hubs with its own annotations (affinity, WebSocket timeouts).
        var ingresses = objects.OfKind("Ingress").ToList();
        Assert.Equal(2, ingresses.Count);
        foreach (YamlMappingNode path in ingresses.SelectMany(i => i.Map("spec").Seq("rules").Children).Cast<YamlMappingNode>().SelectMany(r => r.Map("http").Seq("paths").Children))
        {
            var backend = path.Map("backend").Map("service");
            Assert.Equal(service.Map("metadata").Str("name"), backend.Str("name"));
            Assert.Equal(servicePort.Str("port"), backend.Map("port").Str("number"));
        }

        var hpa = Assert.Single(objects.OfKind("HorizontalPodAutoscaler"));
        Assert.Contains(hpa.Map("spec").Map("scaleTargetRef").Str("name"), deployments);
        Assert.Equal(2, objects.OfKind("PodDisruptionBudget").Count());
    }

    [Fact]
    public void Kubernetes_takes_secrets_only_by_reference_and_keeps_none_in_the_repository()
    {
        var objects = DeployFiles.KubernetesObjects();
        Assert.Empty(objects.OfKind("Secret"));
        var config = Assert.Single(objects.OfKind("ConfigMap")).Map("data");
        Assert.DoesNotContain(config.Children.Keys.Select(k => k.ToString()),
            k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.Contains("SigningKey", StringComparison.Ordinal) || k.EndsWith("Password", StringComparison.Ordinal));

        string[] secretVariables = ["Atrium__Auth__SigningKey", "ConnectionStrings__Atrium"];
        foreach (var workload in objects.OfKind("Deployment").Concat(objects.OfKind("Job")))
        {
            var container = Assert.Single(workload.Containers());
            Assert.Equal("atrium-config", ((YamlMappingNode)Assert.Single(container.Seq("envFrom").Children)).Map("configMapRef").Str("name"));
            var env = container.Seq("env").Children.Cast<YamlMappingNode>().ToDictionary(e => e.Str("name")!);
            foreach (var name in secretVariables)
            {
                Assert.Null(env[name].Get("value"));
                Assert.Equal("atrium-secrets", env[name].Map("valueFrom").Map("secretKeyRef").Str("name"));
            }
        }

        // The migration Job runs the server's migrate command.
        var job = Assert.Single(objects.OfKind("Job"));
        Assert.Equal("migrate", Assert.Single(Assert.Single(job.Containers()).Seq("args").Children).ToString());
    }

    [Fact]
    public void Kustomizations_list_only_files_and_folders_that_exist()
    {
        foreach (var file in DeployFiles.YamlFiles.Where(f => f.EndsWith("kustomization.yaml", StringComparison.Ordinal)))
        {
            var folder = Path.GetDirectoryName(Path.Combine(DeployFiles.Root, file))!;
            foreach (var resource in DeployFiles.LoadSingleYaml(file).Seq("resources").Children.Select(r => r.ToString()))
            {
                var path = Path.Combine(folder, resource);
                Assert.True(File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml")), $"{file}: {resource} does not exist");
            }
        }
    }

    [Fact]
    public void Prometheus_scrapes_the_metrics_path_on_the_server_port_of_both_roles()
    {
        var job = (YamlMappingNode)Assert.Single(DeployFiles.LoadSingleYaml("deploy/prometheus/prometheus.yml").Seq("scrape_configs").Children);
        Assert.Equal(AtriumTelemetry.MetricsPath, job.Str("metrics_path"));
        var sd = (YamlMappingNode)Assert.Single(job.Seq("dns_sd_configs").Children);
        Assert.Equal(ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), sd.Str("port"));
        Assert.Equal(["api", "worker", "images"], sd.Seq("names").Children.Select(n => n.ToString()));

        var volumes = DeployFiles.LoadSingleYaml("deploy/compose.yaml").Map("services").Map("prometheus").Seq("volumes").Children.Select(v => v.ToString());
        Assert.Contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", volumes);
    }

    [Fact]
    public void Grafana_provisions_the_datasource_the_dashboards_use_from_the_folder_compose_mounts()
    {
        var datasource = (YamlMappingNode)Assert.Single(DeployFiles.LoadSingleYaml("deploy/grafana/provisioning/datasources/prometheus.yaml").Seq("datasources").Children);
        var uid = datasource.Str("uid");
        Assert.Equal("http://prometheus:9090", datasource.Str("url"));
        var provider = (YamlMappingNode)Assert.Single(DeployFiles.LoadSingleYaml("deploy/grafana/provisioning/dashboards/atrium.yaml").Seq("providers").Children);
        var dashboardsPath = provider.Map("options").Str("path");
        var volumes = DeployFiles.LoadSingleYaml("deploy/compose.yaml").Map("services").Map("grafana").Seq("volumes").Children.Select(v => v.ToString()).ToArray();
        Assert.Contains($"./grafana/dashboards:{dashboardsPath}:ro", volumes);
        Assert.Contains("./grafana/provisioning:/etc/grafana/provisioning:ro", volumes);

        foreach (var (file, panel) in DashboardPanels())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                Assert.Equal(uid, target.GetProperty("datasource").GetProperty("uid").GetString());
            }
        }
    }

    [Fact]
    public void Dashboards_cover_http_jobs_events_and_cache_with_metrics_that_exist()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (file, panel) in DashboardPanels())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                var names = MetricNames.InExpression(expr).ToArray();
                Assert.True(names.Length > 0, $"{file}: no metric found in {expr}");
                var unknown = names.Where(n => !MetricNames.Known.Contains(n)).ToArray();
                Assert.True(unknown.Length == 0, $"{file}, panel '{panel.GetProperty("title")}': unknown metric {string.Join(", ", unknown)} in {expr}");
                used.UnionWith(names);
            }
        }

        string[] families = ["http_server_request_duration_seconds", "atrium_jobs_", "atrium_messaging_", "atrium_cache_"];
        Assert.All(families, f => Assert.Contains(used, u => u.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_metric_name_check_knows_atrium_instruments_and_rejects_made_up_ones()
    {
        Assert.Contains("atrium_jobs_queue_depth", MetricNames.Known);
        Assert.Contains("atrium_jobs_duration_seconds_bucket", MetricNames.Known);
        Assert.Contains("atrium_jobs_failures_total", MetricNames.Known);
        Assert.Contains("atrium_messaging_dead_lettered_total", MetricNames.Known);
        Assert.DoesNotContain("atrium_jobs_queue_depth_total", MetricNames.Known);
        Assert.Equal(["http_server_request_duration_seconds_bucket", "atrium_x_total"],
            MetricNames.InExpression("""histogram_quantile(0.95, sum by (le, area) (label_replace(rate(http_server_request_duration_seconds_bucket{a="b"}[5m]), "area", "$1", "http_route", "(.*)"))) / sum(rate(atrium_x_total[1m]))"""));
    }

    [Fact]
    public void The_workflow_runs_the_ci_script_on_push_and_pull_requests_and_builds_images_on_tags()
    {
        var workflow = DeployFiles.LoadSingleYaml(".github/workflows/ci.yml");
        // YAML 1.1 readers take a bare `on` for true; YamlDotNet keeps the scalar text.
        var on = workflow.Map("on");
        Assert.NotNull(on.Get("pull_request"));
        Assert.Contains("v*", on.Map("push").Seq("tags").Children.Select(t => t.ToString()));
        var test = workflow.Map("jobs").Map("test");
        Assert.Contains(test.Seq("steps").Children, s => s.Str("run") == "bash .ci/run");
        var image = workflow.Map("jobs").Map("image");
        Assert.Contains("refs/tags/v", image.Str("if"), StringComparison.Ordinal);
        Assert.Equal("test", image.Str("needs"));
        Assert.True(File.Exists(Path.Combine(DeployFiles.Root, ".ci", "run")));
    }

    private static IEnumerable<(string File, JsonElement Panel)> DashboardPanels()
    {
        var files = Directory.EnumerateFiles(Path.Combine(DeployFiles.DeployDirectory, "grafana", "dashboards"), "*.json").ToArray();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
            {
                if (panel.GetProperty("type").GetString() != "row")
                {
                    yield return (Path.GetFileName(file), panel.Clone());
                }
            }
        }
    }

    /// <summary>Atrium.Server's project file and every project it references, transitively, relative to the root.</summary>
    private static SortedSet<string> ServerProjectClosure()
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([Path.Combine(DeployFiles.Root, "src", "Atrium.Server", "Atrium.Server.csproj")]);
        while (queue.TryDequeue(out var project))
        {
            if (!seen.Add(Path.GetRelativePath(DeployFiles.Root, project).Replace('\\', '/')))
            {
                continue;
            }

            foreach (Match m in ProjectReference().Matches(File.ReadAllText(project)))
            {
                queue.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, m.Groups[1].Value.Replace('\\', '/'))));
            }
        }

        Assert.True(seen.Count >= 2);
        return seen;
    }

    [GeneratedRegex(@"\b(?:Atrium|ConnectionStrings)__[A-Za-z0-9_]*[A-Za-z0-9]")]
    private static partial Regex AtriumVariable();

    [GeneratedRegex(@"(?m)^COPY (?!--from)(?<args>[^\n]+)$")]
    private static partial Regex CopyLine();

    [GeneratedRegex("""<ProjectReference Include="([^"]+)" """)]
    private static partial Regex ProjectReference();
}
