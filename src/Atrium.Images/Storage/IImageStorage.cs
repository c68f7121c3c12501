namespace Atrium.Images.Storage;

/// <summary>Where originals and large cached results live: a local folder or an S3-compatible bucket.</summary>
public interface IImageStorage
{
    Task PutAsync(string key, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken ct);

    /// <summary>The object's bytes, or null when there is none.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken ct);

    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/>.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken ct);

    /// <summary>The object's file when the storage is a local folder and the object exists (read in place); else null.</summary>
    string? LocalFile(string key);

    /// <summary>A cheap round trip for readiness.</summary>
    Task CheckAsync(CancellationToken ct);
}
