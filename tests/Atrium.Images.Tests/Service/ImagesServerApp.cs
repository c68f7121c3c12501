using System.Security.Cryptography;
using Atrium.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Images.Tests.Service;

/// <summary>The standalone image service (Atrium.Images.Server), in-process, on its own SQLite file.</summary>
public sealed class ImagesServerApp : WebApplicationFactory<Atrium.Images.Server.Program>, IAsyncLifetime
{
    /// <summary>Leave the image signing key out (to see the service refuse to start).</summary>
    public bool WithoutImageKey { get; init; }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("atrium-images-server-").FullName;

    public string ImageSigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async Task InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A lingering SQLite handle: the OS cleans temp folders anyway.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Atrium:Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Atrium", $"Data Source={Path.Combine(DataDirectory, "images.db")}");
        builder.UseSetting("Atrium:DataDirectory", DataDirectory);
        builder.UseSetting("Atrium:Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        if (!WithoutImageKey)
        {
            builder.UseSetting("Atrium:Images:SigningKeys:0", ImageSigningKey);
        }
    }
}
