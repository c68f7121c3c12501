using Atrium.Platform.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Atrium.Platform.Tests.Data;

public sealed class DatabaseConnectionTests
{
    [Fact]
    public void PostgreSQL_prepares_hot_statements_unless_told_otherwise()
    {
        var resolved = new NpgsqlConnectionStringBuilder(Resolve("Host=db;Database=atrium"));
        Assert.Equal(64, resolved.MaxAutoPrepare);
        Assert.Equal("db", resolved.Host);

        var configured = new NpgsqlConnectionStringBuilder(Resolve("Host=db;Database=atrium;Max Auto Prepare=5"));
        Assert.Equal(5, configured.MaxAutoPrepare);
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => Resolve(null));

    private static string Resolve(string? connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Atrium"] = connectionString })
            .Build();
        return DatabaseConnection.Resolve(configuration, new Environment(), DatabaseProvider.Postgres);
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "Atrium.Tests";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
