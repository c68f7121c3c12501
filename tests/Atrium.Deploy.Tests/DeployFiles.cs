using Atrium.Testing;
using YamlDotNet.RepresentationModel;

namespace Atrium.Deploy.Tests;

/// <summary>The files under deploy/ and .github/, read and parsed once.</summary>
internal static class DeployFiles
{
    public static string Root => RepositoryRoot.Path;

    public static string DeployDirectory => Path.Combine(Root, "deploy");

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>Every YAML file the deployment consists of, relative to the repository root.</summary>
    public static IReadOnlyList<string> YamlFiles { get; } =
        Directory.EnumerateFiles(DeployDirectory, "*.*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, ".github"), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Every text file under deploy/ and .github/ (for the environment-variable scan).</summary>
    public static IReadOnlyList<string> AllFiles { get; } =
        Directory.EnumerateFiles(DeployDirectory, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, ".github"), "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Root, f))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>All documents of a YAML file (a Kubernetes file may hold several, separated by ---).</summary>
    public static IReadOnlyList<YamlNode> LoadYaml(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Read(relativePath));
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).ToArray();
    }

    public static YamlNode LoadSingleYaml(string relativePath) => Assert.Single(LoadYaml(relativePath));

    /// <summary>Every Kubernetes object under deploy/k8s.</summary>
    /// <summary>The all-in-one deployment's objects (base, config, migrate); the image service's own are apart.</summary>
    public static IReadOnlyList<YamlMappingNode> KubernetesObjects() =>
        YamlFiles.Where(f => f.StartsWith(Path.Combine("deploy", "k8s"), StringComparison.Ordinal))
            .Where(f => !f.StartsWith(ImagesKubernetes, StringComparison.Ordinal))
            .Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(LoadYaml)
            .Cast<YamlMappingNode>()
            .ToArray();

    /// <summary>The standalone image service's objects (deploy/k8s/images).</summary>
    public static IReadOnlyList<YamlMappingNode> ImagesKubernetesObjects() =>
        YamlFiles.Where(f => f.StartsWith(ImagesKubernetes, StringComparison.Ordinal))
            .Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(LoadYaml)
            .Cast<YamlMappingNode>()
            .ToArray();

    private static readonly string ImagesKubernetes = Path.Combine("deploy", "k8s", "images") + Path.DirectorySeparatorChar;

    public static IEnumerable<YamlMappingNode> OfKind(this IEnumerable<YamlMappingNode> objects, string kind) =>
        objects.Where(o => o.Str("kind") == kind);
}

/// <summary>Small navigation helpers over YamlDotNet's representation model.</summary>
internal static class Yaml
{
    public static YamlNode? Get(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Get(key) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"'{key}' is not a mapping at {node.Start}");

    public static YamlSequenceNode Seq(this YamlNode node, string key) =>
        node.Get(key) as YamlSequenceNode ?? throw new Xunit.Sdk.XunitException($"'{key}' is not a sequence at {node.Start}");

    public static string? Str(this YamlNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    /// <summary>A mapping's entries, with YAML merge keys (<c>&lt;&lt;: *anchor</c>) folded in (own keys win).</summary>
    public static Dictionary<string, YamlNode> Entries(this YamlMappingNode map)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            if (((YamlScalarNode)key).Value == "<<" && value is YamlMappingNode merged)
            {
                foreach (var (k, v) in merged.Entries())
                {
                    result.TryAdd(k, v);
                }
            }
        }

        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name != "<<")
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>Every container (and init container) of a pod template: Deployment or Job.</summary>
    public static IEnumerable<YamlMappingNode> Containers(this YamlMappingNode workload) =>
        workload.Map("spec").Map("template").Map("spec") is var pod
            ? pod.Seq("containers").Cast<YamlMappingNode>()
                .Concat(pod.Get("initContainers") is YamlSequenceNode init ? init.Cast<YamlMappingNode>() : [])
            : [];
}
