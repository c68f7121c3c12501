using System.Diagnostics;
using System.Security.Cryptography;
using Atrium.Testing;
using Microsoft.Data.Sqlite;

namespace Atrium.Platform.Tests.Admin;

/// <summary>
/// The commands as an operator runs them: the built <c>Atrium.Server.dll</c> as a process (Production,
/// SQLite in a data folder of its own), with the password from the environment or a pipe.
/// </summary>
public sealed class ExecutableCommandsTests : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("atrium-cli-").FullName;
    private readonly string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    [Fact]
    public async Task Migrate_create_admin_seed_backup_and_restore_run_from_the_executable()
    {
        Assert.Equal(0, (await RunAsync(null, null, "migrate")).ExitCode);

        var fromEnvironment = await RunAsync(null, "env-password-1", "create-admin", "--username", "root", "--email", "root@example.com");
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.Output);
        var piped = await RunAsync("piped-password-2\n", null, "create-admin", "--username", "ops", "--email", "ops@example.com");
        Assert.True(piped.ExitCode == 0, piped.Output);
        Assert.DoesNotContain("env-password-1", fromEnvironment.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("piped-password-2", piped.Output, StringComparison.Ordinal);

        var seed = await RunAsync(null, null, "seed", "--users", "2", "--articles", "3");
        Assert.True(seed.ExitCode == 0, seed.Output);
        Assert.Contains("articles: 3/3 (100%)", seed.Output, StringComparison.Ordinal);
        Assert.Equal(["1|root", "1|ops"], Query("SELECT is_admin || '|' || username FROM accounts_users WHERE is_admin ORDER BY created_at"));
        Assert.Equal("3", Query("SELECT count(*) FROM blog_articles").Single());

        var backupFile = Path.Combine(dataDirectory, "nightly.backup");
        Assert.Equal(0, (await RunAsync(null, null, "backup", "--out", backupFile)).ExitCode);
        Assert.Equal(0, (await RunAsync(null, null, "seed", "--users", "1", "--articles", "2")).ExitCode);
        Assert.Equal("5", Query("SELECT count(*) FROM blog_articles").Single());

        var restore = await RunAsync(null, null, "restore", "--from", backupFile);
        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.Equal("3", Query("SELECT count(*) FROM blog_articles").Single());
        Assert.Equal("4", Query("SELECT count(*) FROM accounts_users").Single());

        var usage = await RunAsync(null, null, "create-admin");
        Assert.Equal(1, usage.ExitCode);
        Assert.Contains("create-admin: --username is required.", usage.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS with the rest of /tmp.
        }
    }

    private List<string> Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "atrium.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return rows;
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string? stdin, string? adminPassword, params string[] args)
    {
        var settings = new Dictionary<string, string>();
        if (adminPassword is not null)
        {
            settings["ATRIUM_ADMIN_PASSWORD"] = adminPassword;
        }

        var start = ServerExecutable.StartInfo(dataDirectory, signingKey, args, settings);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin ?? "");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
