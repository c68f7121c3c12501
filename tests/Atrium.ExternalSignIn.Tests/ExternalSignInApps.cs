using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.ExternalSignIn.Tests;

/// <summary>
/// Atrium configured with two OpenID Connect providers: <c>test</c>, a real provider on 127.0.0.1
/// (<see cref="TestIdentityProvider"/>), and <c>down</c>, whose address nothing listens on.
/// </summary>
public static class ExternalSignInSettings
{
    public const string Provider = "test";
    public const string DisplayName = "Test ID";

    public static Task<TestIdentityProvider> StartProviderAsync() =>
        TestIdentityProvider.StartAsync(new Uri(UserAgent.Atrium, $"/session/external/{Provider}/callback").ToString());

    public static void Apply(IWebHostBuilder builder, TestIdentityProvider provider)
    {
        const string test = "Atrium:ExternalSignIn:Providers:" + Provider;
        builder.UseSetting($"{test}:DisplayName", DisplayName);
        builder.UseSetting($"{test}:Authority", provider.Authority);
        builder.UseSetting($"{test}:ClientId", TestIdentityProvider.ClientId);
        builder.UseSetting($"{test}:ClientSecret", TestIdentityProvider.ClientSecret);
        builder.UseSetting($"{test}:RequireHttpsMetadata", "false");
        const string down = "Atrium:ExternalSignIn:Providers:down";
        builder.UseSetting($"{down}:DisplayName", "Down ID");
        builder.UseSetting($"{down}:Authority", $"http://127.0.0.1:{FreePort.Next()}/");
        builder.UseSetting($"{down}:ClientId", "atrium");
        builder.UseSetting($"{down}:RequireHttpsMetadata", "false");
    }
}

public sealed class SqliteExternalSignInApp : SqliteApp
{
    public TestIdentityProvider IdentityProvider { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        IdentityProvider = await ExternalSignInSettings.StartProviderAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await IdentityProvider.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ExternalSignInSettings.Apply(builder, IdentityProvider);
    }
}

public sealed class PostgresExternalSignInApp : PostgresApp
{
    public TestIdentityProvider IdentityProvider { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        IdentityProvider = await ExternalSignInSettings.StartProviderAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await IdentityProvider.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ExternalSignInSettings.Apply(builder, IdentityProvider);
    }
}

/// <summary>A provider whose callback can be hammered, and an auth tier small enough to reach.</summary>
public sealed class RateLimitedExternalSignInApp : SqliteApp
{
    public const int PermitLimit = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        const string down = "Atrium:ExternalSignIn:Providers:down";
        builder.UseSetting($"{down}:DisplayName", "Down ID");
        builder.UseSetting($"{down}:Authority", $"http://127.0.0.1:{FreePort.Next()}/");
        builder.UseSetting($"{down}:ClientId", "atrium");
        builder.UseSetting($"{down}:RequireHttpsMetadata", "false");
        builder.UseSetting("Atrium:RateLimits:Auth:PermitLimit", PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Atrium:RateLimits:Auth:Window", "00:10:00");
    }
}
