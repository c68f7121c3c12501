namespace Atrium.Platform.Jobs;

/// <summary>Where result files live: below the data directory, addressed by paths relative to it.</summary>
public sealed class JobResultFiles(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The absolute path of a stored result, or null when it escapes the data directory or is gone.</summary>
    public string? Resolve(string? relativePath)
    {
        if (string.IsNullOrEmpty(relativePath))
        {
            return null;
        }

        var full = Path.GetFullPath(relativePath, Root);
        var inside = full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && File.Exists(full) ? full : null;
    }
}
