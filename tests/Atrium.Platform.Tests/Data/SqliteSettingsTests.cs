using Atrium.Platform.Accounts;
using Atrium.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Data;

public sealed class SqliteSettingsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("PRAGMA journal_mode", "wal")]
    [InlineData("PRAGMA synchronous", "1")]
    [InlineData("PRAGMA busy_timeout", "10000")]
    [InlineData("PRAGMA foreign_keys", "1")]
    public async Task Every_connection_runs_with_the_platform_settings(string pragma, string expected)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragma;
            Assert.Equal(expected, Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
