using System.ComponentModel.DataAnnotations;

namespace Atrium.Images;

/// <summary>The image service's settings (<c>Atrium:Images</c>), validated at start.</summary>
public sealed class ImagesOptions
{
    public const string SectionName = "Atrium:Images";

    /// <summary>
    /// Base64 HMAC-SHA256 keys (at least 32 bytes each); URLs signed with any of them are accepted, so a
    /// new key can be added before the old one goes. Required outside Development.
    /// </summary>
    public List<string> SigningKeys { get; set; } = [];

    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Width × height read from the header, checked before anything is decoded (imgproxy's default).</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    [Range(1, 10_000)]
    public int MaxFrames { get; set; } = 100;

    /// <summary>Keep EXIF/XMP (GPS included) in stored originals unless an upload asks otherwise.</summary>
    public bool KeepMetadata { get; set; }

    /// <summary>The largest width or height a transform may ask for or produce.</summary>
    [Range(1, 65_535)]
    public int MaxDimension { get; set; } = 8192;

    [Range(1, long.MaxValue)]
    public long MaxResultBytes { get; set; } = 20 * 1024 * 1024;

    [Range(0.1, 1000)]
    public double MaxBlurSigma { get; set; } = 50;

    [Range(0.1, 1000)]
    public double MaxSharpenSigma { get; set; } = 10;

    [Range(1, 100)]
    public int DefaultQuality { get; set; } = 80;

    /// <summary>Named option strings, used in URLs as <c>pr:NAME</c>.</summary>
    public Dictionary<string, string> Presets { get; set; } = new(StringComparer.Ordinal)
    {
        ["thumb"] = "rs:fill:300:300",
        ["avatar"] = "rs:fill:256:256/sm",
        ["cover"] = "rs:fill:1200:630",
    };

    /// <summary>Presets rendered (as <see cref="EagerFormat"/>) by a background job right after upload.</summary>
    public List<string> EagerPresets { get; set; } = [];

    public string EagerFormat { get; set; } = "webp";

    /// <summary>Public mode: only <c>pr:NAME</c> URLs are served, so leaked keys can't order arbitrary work.</summary>
    public bool PresetsOnly { get; set; }

    /// <summary>Parallel transforms; 0 means one per core.</summary>
    [Range(0, 1024)]
    public int Concurrency { get; set; }

    /// <summary>Transforms that may wait for a slot before requests get 429; null means 4 per slot.</summary>
    [Range(0, 100_000)]
    public int? QueueLength { get; set; }

    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Results up to this size are cached in Redis (or memory without Redis); larger ones in storage.</summary>
    [Range(0, 64 * 1024 * 1024)]
    public int SmallResultBytes { get; set; } = 256 * 1024;

    public TimeSpan SmallResultExpiration { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Prefix for URLs the service hands out (the avatar URL): e.g. <c>https://img.example.com</c>; empty = relative.</summary>
    public string PublicBaseUrl { get; set; } = "";

    public string AvatarPreset { get; set; } = "avatar";

    public string AvatarFormat { get; set; } = "webp";

    public ImageStorageOptions Storage { get; set; } = new();

    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Environment.ProcessorCount;

    public int EffectiveQueueLength => QueueLength ?? 4 * EffectiveConcurrency;
}

public sealed class ImageStorageOptions
{
    /// <summary><c>Local</c> (a folder; the embedded default) or <c>S3</c> (any S3-compatible service).</summary>
    public string Provider { get; set; } = "Local";

    /// <summary>Local folder; empty means <c>images</c> under the data directory.</summary>
    public string LocalPath { get; set; } = "";

    public string ServiceUrl { get; set; } = "";

    public string Bucket { get; set; } = "";

    public string Region { get; set; } = "us-east-1";

    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which MinIO-like servers need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
