namespace Atrium.Images.Storage;

/// <summary>Objects as files under one folder (the embedded default). Keys are generated, never user input.</summary>
public sealed class LocalImageStorage(string root) : IImageStorage
{
    public string Root { get; } = Directory.CreateDirectory(root).FullName;

    public async Task PutAsync(string key, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write aside and rename: a reader never sees half a file, and concurrent writers of one key both end whole.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var folder = PathOf(prefix.TrimEnd('/'));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    public string? LocalFile(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? path : null;
    }

    public Task CheckAsync(CancellationToken ct) =>
        Directory.Exists(Root) ? Task.CompletedTask : throw new DirectoryNotFoundException($"Image storage folder {Root} is missing.");

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException("Storage key leaves the storage folder.", nameof(key));
    }
}
