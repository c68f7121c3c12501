using Atrium.Platform.Data;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Tests.Hosting;

/// <summary>What a host does by itself, before any request: refuse a bad start, migrate where it should.</summary>
public sealed class HostDefaultsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void Outside_development_the_host_refuses_to_start_without_a_signing_key()
    {
        using var keyless = app.WithWebHostBuilder(b => b.UseSetting("Atrium:Auth:SigningKey", ""));
        var error = Assert.Throws<OptionsValidationException>(() => keyless.CreateClient());
        Assert.Contains("SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public void Migrating_on_start_is_the_default_in_development_only(string environment, bool migrates)
    {
        // The OAuth server's keys are required outside Development too (the image key is set by AtriumApp).
        using var host = app.WithWebHostBuilder(b => b.UseEnvironment(environment)
            .UseSetting("Atrium:Identity:SigningKeys:0", ServerExecutable.NewRsaKey())
            .UseSetting("Atrium:Identity:EncryptionKeys:0", Convert.ToBase64String(new byte[32])));
        Assert.Equal(migrates, host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart);
    }
}
