using Atrium.Platform.Data;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.Testing;

/// <summary>
/// One of several server instances over one database (and one Redis, when given), as behind a load
/// balancer: they share a signing key, so a token from one is valid on the others. The caller
/// creates the database and calls <see cref="AtriumApp.InitializeAsync"/> / DisposeAsync itself.
/// </summary>
public sealed class InstanceApp(
    DatabaseProvider provider, string connectionString, string signingKey, string? redis,
    IReadOnlyDictionary<string, string>? settings = null) : AtriumApp
{
    public override DatabaseProvider Provider => provider;

    protected override string ConnectionString => connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Later settings win: the shared key replaces the per-instance one.
        builder.UseSetting("Atrium:Auth:SigningKey", signingKey);
        if (redis is not null)
        {
            builder.UseSetting("ConnectionStrings:Redis", redis);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}
