using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.Images.Tests;

/// <summary>Settings every image test app shares: small limits that tests can reach cheaply.</summary>
internal static class ImagesTestSettings
{
    public const long MaxUploadBytes = 4 * 1024 * 1024;
    public const int MaxFrames = 3;

    public static void Apply(IWebHostBuilder builder, IReadOnlyDictionary<string, string>? extra = null)
    {
        builder.UseSetting("Atrium:Images:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Atrium:Images:MaxFrames", MaxFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}

public class ImagesSqliteApp : SqliteApp
{
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ImagesTestSettings.Apply(builder, Settings);
    }
}

public class ImagesPostgresApp : PostgresApp
{
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ImagesTestSettings.Apply(builder, Settings);
    }
}

/// <summary>One slot and a queue long enough for every request a test sends while it holds the slot.</summary>
internal static class SingleSlotSettings
{
    public const int QueueLength = 8;

    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>
    {
        ["Atrium:Images:Concurrency"] = "1",
        ["Atrium:Images:QueueLength"] = QueueLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class SingleSlotSqliteApp : ImagesSqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings => SingleSlotSettings.Values;
}

public sealed class SingleSlotPostgresApp : ImagesPostgresApp
{
    protected override IReadOnlyDictionary<string, string> Settings => SingleSlotSettings.Values;
}

/// <summary>One slot, no queue: a second concurrent transform is refused.</summary>
public sealed class OverloadedApp : ImagesSqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Atrium:Images:Concurrency"] = "1",
        ["Atrium:Images:QueueLength"] = "0",
    };
}

public sealed class PresetsOnlyApp : ImagesSqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Atrium:Images:PresetsOnly"] = "true",
    };
}

public sealed class EagerPresetsApp : ImagesSqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Atrium:Images:EagerPresets:0"] = "thumb",
    };
}

/// <summary>Results cached in a real Redis (a leased database of the throwaway server); results over 2 KB go to storage.</summary>
public sealed class RedisCacheApp : ImagesSqliteApp
{
    public const int SmallResultBytes = 2048;

    private string? _redis;

    public string Redis => _redis ?? throw new InvalidOperationException("Redis is leased in InitializeAsync.");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ConnectionStrings:Redis"] = Redis,
        ["Atrium:Images:SmallResultBytes"] = SmallResultBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public override async Task InitializeAsync()
    {
        _redis = await (await RedisServer.SharedAsync()).CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await (await RedisServer.SharedAsync()).DropDatabaseAsync(_redis);
        }
    }
}

/// <summary>Half a second per operation, one slot and a queue: a request can wait past its time.</summary>
public sealed class TimeoutApp : ImagesSqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Atrium:Images:OperationTimeout"] = "00:00:00.500",
        ["Atrium:Images:Concurrency"] = "1",
        ["Atrium:Images:QueueLength"] = "4",
    };
}

/// <summary>Originals and large results in a real S3-compatible server (s3rver) instead of a folder.</summary>
public sealed class S3StorageApp : ImagesSqliteApp
{
    private string? _endpoint;

    public string Endpoint => _endpoint ?? throw new InvalidOperationException("The S3 server starts in InitializeAsync.");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Atrium:Images:Storage:Provider"] = "S3",
        ["Atrium:Images:Storage:ServiceUrl"] = Endpoint,
        ["Atrium:Images:Storage:Bucket"] = Service.S3Server.Bucket,
        ["Atrium:Images:Storage:AccessKey"] = Service.S3Server.AccessKey,
        ["Atrium:Images:Storage:SecretKey"] = Service.S3Server.SecretKey,
        ["Atrium:Images:SmallResultBytes"] = "0",
    };

    public override async Task InitializeAsync()
    {
        _endpoint = (await Service.S3Server.SharedAsync()).Endpoint;
        await base.InitializeAsync();
    }
}
