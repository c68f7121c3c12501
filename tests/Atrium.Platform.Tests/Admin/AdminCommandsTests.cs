using System.Data.Common;
using System.Net;
using Atrium.Platform.Data;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atrium.Platform.Tests.Admin;

/// <summary>
/// The admin commands run through the executable's own entry against a real database: create-admin,
/// seed, and a backup → wipe → restore → compare round trip.
/// </summary>
public abstract class AdminCommandsTests(AtriumApp app)
{
    [Fact]
    public async Task Create_admin_makes_an_account_that_signs_in_with_the_password_from_stdin()
    {
        var username = Api.Unique("boss");
        var run = await app.RunOkAsync("correct horse battery\n",
            "create-admin", "--username", username, "--email", $"{username}@example.com", "--password-stdin");
        Assert.Contains($"Administrator '{username}' created.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", run.Output + run.Error, StringComparison.Ordinal);

        var login = await (await app.CreateClient().PostJsonAsync("/api/users/login",
            new { user = new { email = $"{username}@example.com", password = "correct horse battery" } })).JsonAsync(HttpStatusCode.OK);
        var other = await app.RegisterAsync("other");
        var disable = await app.ClientWithToken((string?)login["user"]!["token"]).PostAsync($"/api/admin/users/{other.Username}/disable", null);
        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
    }

    [Fact]
    public async Task Create_admin_refuses_bad_input_with_a_clear_message_and_creates_nothing()
    {
        var username = Api.Unique("weak");
        var shortPassword = await app.RunAsync("short\n", "create-admin", "--username", username, "--email", $"{username}@example.com");
        Assert.Equal(1, shortPassword.ExitCode);
        Assert.Contains("The password is too short", shortPassword.Error, StringComparison.Ordinal);
        var login = await app.CreateClient().PostJsonAsync("/api/users/login",
            new { user = new { email = $"{username}@example.com", password = "short" } });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);

        var noUsername = await app.RunAsync("", "create-admin", "--email", "x@example.com");
        Assert.Equal(1, noUsername.ExitCode);
        Assert.Contains("--username is required.", noUsername.Error, StringComparison.Ordinal);

        var existing = await app.RegisterAsync("existing");
        var wrongEmail = await app.RunAsync("", "create-admin", "--username", existing.Username, "--email", "someone-else@example.com");
        Assert.Equal(1, wrongEmail.ExitCode);
        Assert.Contains("another e-mail address", wrongEmail.Error, StringComparison.Ordinal);

        var taken = await app.RunAsync("password123\n", "create-admin", "--username", Api.Unique("fresh"), "--email", existing.Email);
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("That email is already taken", taken.Error, StringComparison.Ordinal);

        var unknown = await app.RunAsync("", "frobnicate");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown command 'frobnicate'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_adds_accounts_and_articles_through_the_modules_with_progress()
    {
        var before = await ArticlesCountAsync();
        var run = await app.RunOkAsync("", "seed", "--users", "4", "--articles", "12", "--random-seed", "7");
        Assert.Contains("Seeded 4 users and 12 articles.", run.Output, StringComparison.Ordinal);
        Assert.Contains("users: 4/4 (100%)", run.Error, StringComparison.Ordinal);
        Assert.Contains("articles: 12/12 (100%)", run.Error, StringComparison.Ordinal);

        Assert.Equal(before + 12, await ArticlesCountAsync());
        var latest = await (await app.CreateClient().GetAsync("/api/articles?limit=1")).JsonAsync(HttpStatusCode.OK);
        var article = latest["articles"]![0]!;
        Assert.NotEmpty(article["tagList"]!.AsArray());
        Assert.False(string.IsNullOrWhiteSpace((string?)article["description"]));
        var full = await (await app.CreateClient().GetAsync($"/api/articles/{(string?)article["slug"]}")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("\n\n", (string?)full["article"]!["body"], StringComparison.Ordinal);

        // A seeded author signs in with the demo password.
        var author = (string)article["author"]!["username"]!;
        var login = await app.CreateClient().PostJsonAsync("/api/users/login",
            new { user = new { email = $"{author}@example.com", password = "demo-password" } });
        await login.JsonAsync(HttpStatusCode.OK);

        var bad = await app.RunAsync("", "seed", "--users", "lots");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--users must be a whole number", bad.Error, StringComparison.Ordinal);
        var typo = await app.RunAsync("", "seed", "--user", "5");
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("Unknown option '--user'", typo.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_then_wipe_then_restore_brings_back_every_row()
    {
        await app.RunOkAsync("", "seed", "--users", "3", "--articles", "6", "--random-seed", "11");
        var admin = await app.AdminAsync();
        var listed = await (await app.CreateClient().GetAsync("/api/articles?limit=100")).JsonAsync(HttpStatusCode.OK);
        var bodies = new Dictionary<string, string?>();
        foreach (var slug in listed["articles"]!.AsArray().Select(a => (string)a!["slug"]!).Take(3))
        {
            var article = await (await app.CreateClient().GetAsync($"/api/articles/{slug}")).JsonAsync(HttpStatusCode.OK);
            bodies[slug] = (string?)article["article"]!["body"];
        }

        var countsBefore = await RowCountsAsync();
        var contentBefore = await ContentAsync();
        Assert.True(countsBefore.Values.Sum() > 0);

        var file = Path.Combine(app.DataDirectory, "atrium.backup");
        var backup = await app.RunOkAsync("", "backup", "--out", file);
        Assert.Contains("Backup written to", backup.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(file).Length > 0);
        var again = await app.RunAsync("", "backup", "--out", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);

        await WipeAsync();
        Assert.Empty(await RowCountsAsync());

        var restore = await app.RunOkAsync("", "restore", "--from", file);
        Assert.Contains("Database restored", restore.Output, StringComparison.Ordinal);

        Assert.Equal(countsBefore, await RowCountsAsync());
        Assert.Equal(contentBefore, await ContentAsync());
        var relisted = await (await app.CreateClient().GetAsync("/api/articles?limit=100")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(listed.ToJsonString(), relisted.ToJsonString());
        foreach (var slug in listed["articles"]!.AsArray().Select(a => (string)a!["slug"]!).Take(3))
        {
            var article = await (await app.CreateClient().GetAsync($"/api/articles/{slug}")).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(bodies[slug], (string?)article["article"]!["body"]);
        }

        // Accounts came back with their passwords, roles and token versions: the admin's old token still works.
        await (await admin.Client().GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
        var login = await app.CreateClient().PostJsonAsync("/api/users/login",
            new { user = new { email = admin.Email, password = "password123" } });
        await login.JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Restore_refuses_a_missing_or_foreign_file_and_leaves_the_data_alone()
    {
        var user = await app.RegisterAsync("keeper");
        var missing = await app.RunAsync("", "restore", "--from", Path.Combine(app.DataDirectory, "nope.backup"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);

        var garbage = Path.Combine(app.DataDirectory, "garbage.backup");
        await File.WriteAllTextAsync(garbage, "this is not a database backup, just some text that is long enough to look like one...");
        var foreign = await app.RunAsync("", "restore", "--from", garbage);
        Assert.Equal(1, foreign.ExitCode);
        Assert.StartsWith("restore: ", foreign.Error, StringComparison.Ordinal);

        await (await user.Client().GetAsync("/api/user")).JsonAsync(HttpStatusCode.OK);
    }

    private async Task<int> ArticlesCountAsync()
    {
        var json = await (await app.CreateClient().GetAsync("/api/articles?limit=1")).JsonAsync(HttpStatusCode.OK);
        return (int)json["articlesCount"]!;
    }

    private DbConnection Connect()
    {
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        return settings.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(settings.ConnectionString)
            : new NpgsqlConnection(settings.ConnectionString);
    }

    private async Task<List<string>> TablesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = app.Provider == DatabaseProvider.Sqlite
            ? "SELECT '\"' || name || '\"' FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : """
              SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
              WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
              """;
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>Every table of every module with its row count.</summary>
    private async Task<SortedDictionary<string, long>> RowCountsAsync()
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await TablesAsync(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM {table}";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>Articles and accounts as stored (read straight from the tables, not through any cache).</summary>
    private async Task<List<string>> ContentAsync()
    {
        var sqlite = app.Provider == DatabaseProvider.Sqlite;
        var queries = new[]
        {
            $"SELECT slug, title, description, body, author_id FROM {(sqlite ? "blog_articles" : "blog.articles")} ORDER BY slug",
            $"SELECT username, email, password_hash, is_admin, token_version FROM {(sqlite ? "accounts_users" : "accounts.users")} ORDER BY username",
        };
        await using var connection = Connect();
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var sql in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount)
                    .Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    /// <summary>The disaster: every table (and the views over them) dropped.</summary>
    private async Task WipeAsync()
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        var statements = new List<string>();
        if (app.Provider == DatabaseProvider.Sqlite)
        {
            statements.Add("PRAGMA foreign_keys = OFF");
            await using var views = connection.CreateCommand();
            views.CommandText = "SELECT name FROM sqlite_master WHERE type = 'view'";
            await using (var reader = await views.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    statements.Add($"DROP VIEW \"{reader.GetString(0)}\"");
                }
            }

            statements.AddRange((await TablesAsync(connection)).Select(t => $"DROP TABLE {t}"));
        }
        else
        {
            statements.AddRange((await TablesAsync(connection)).Select(t => $"DROP TABLE IF EXISTS {t} CASCADE"));
        }

        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}

public sealed class AdminCommandsTests_Sqlite(QuietSqliteApp app) : AdminCommandsTests(app), IClassFixture<QuietSqliteApp>;

public sealed class AdminCommandsTests_Postgres(QuietPostgresApp app) : AdminCommandsTests(app), IClassFixture<QuietPostgresApp>;

/// <summary>
/// No job worker: a recurring job firing mid-test (the weather warm-up runs every ten minutes) would
/// add rows between the counts taken before a backup and after its restore.
/// </summary>
public sealed class QuietSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Jobs:RunWorker", "false");
    }
}

/// <inheritdoc cref="QuietSqliteApp"/>
public sealed class QuietPostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Jobs:RunWorker", "false");
    }
}
