using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Identity.Tests;

/// <summary>The whole server on a real Kestrel socket, as an OAuth client reaches it.</summary>
public interface IIdentityServer
{
    Uri Address { get; }

    IServiceProvider Services { get; }
}

public class IdentitySqliteServer : SqliteApp, IIdentityServer
{
    public IdentitySqliteServer() => UseKestrel(FreePort.Next());

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
    }
}

public sealed class IdentityPostgresServer : PostgresApp, IIdentityServer
{
    public IdentityPostgresServer() => UseKestrel(FreePort.Next());

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }
}

/// <summary>A server whose clock the test moves (token expiry); its own, so no other test shares the clock.</summary>
public sealed class ClockedIdentityServer : IdentitySqliteServer
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>The token endpoint's rate limit, made small enough to reach.</summary>
public sealed class RateLimitedIdentityServer : IdentitySqliteServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:RateLimits:Auth:PermitLimit", "5");
        builder.UseSetting("Atrium:RateLimits:Auth:Window", "00:10:00");
    }
}
