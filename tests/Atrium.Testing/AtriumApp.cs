using System.Net.Http.Headers;
using System.Security.Cryptography;
using Atrium.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Atrium.Testing;

/// <summary>
/// The whole server in-process (the real Program, middleware and database) on a fresh database.
/// One instance per test class; each provider has its own subclass.
/// </summary>
public abstract class AtriumApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>A real signing key, so tests mint and present real tokens.</summary>
    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    /// <summary>The image service's URL signing key (required outside Development, as the auth key is).</summary>
    public string ImageSigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("atrium-test-").FullName;

    public SqlCommandCounter SqlCommands { get; } = new();

    public abstract DatabaseProvider Provider { get; }

    protected abstract string ConnectionString { get; }

    public virtual async Task InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite handle may linger for a moment; the temp folder is cleaned by the OS anyway.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads these while building the host.
        builder.UseEnvironment("Testing");
        builder.UseSetting("Atrium:Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Atrium", ConnectionString);
        builder.UseSetting("Atrium:DataDirectory", DataDirectory);
        builder.UseSetting("Atrium:Auth:SigningKey", SigningKey);
        builder.UseSetting("Atrium:Images:SigningKeys:0", ImageSigningKey);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IInterceptor>(SqlCommands);
            services.AddSingleton<IStartupFilter, SqlCommandCounter.RequestMarker>();
        });
    }

    /// <summary>A client that presents <paramref name="token"/> the RealWorld way (<c>Authorization: Token …</c>).</summary>
    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        return client;
    }
}

public class SqliteApp : AtriumApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string ConnectionString => $"Data Source={Path.Combine(DataDirectory, "atrium.db")};Default Timeout=30";
}

public class PostgresApp : AtriumApp
{
    private string? connectionString;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override string ConnectionString =>
        connectionString ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        connectionString = await server.CreateDatabaseAsync("atrium_test");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (connectionString is not null)
        {
            await (await PostgresServer.SharedAsync()).DropDatabaseAsync(connectionString);
        }
    }
}
