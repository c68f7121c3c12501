using Atrium.Platform.Data;
using Atrium.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Images.Tests.Service;

/// <summary>The images schema's migrations capture its model, on each provider.</summary>
public abstract class MigrationsTests(AtriumApp app)
{
    [Fact]
    public async Task The_images_model_matches_its_migrations()
    {
        var images = Assert.Single(app.Services.GetServices<IModuleDatabase>(), d => d.Schema == "images");
        Assert.False(await images.HasPendingModelChangesAsync(app.Services), $"images on {app.Provider} has model changes no migration captures");
    }
}

public sealed class MigrationsTests_Sqlite(ImagesSqliteApp app) : MigrationsTests(app), IClassFixture<ImagesSqliteApp>;

public sealed class MigrationsTests_Postgres(ImagesPostgresApp app) : MigrationsTests(app), IClassFixture<ImagesPostgresApp>;
