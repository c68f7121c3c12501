using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Todo.Tests;

/// <summary>The whole server on a real Kestrel socket (127.0.0.1, a free port), as a browser or the Todo-Backend runner reaches it.</summary>
public interface ITodoServer
{
    Uri Address { get; }

    IServiceProvider Services { get; }

    HttpClient CreateClient();
}

public class TodoSqliteServer : SqliteApp, ITodoServer
{
    public TodoSqliteServer() => UseKestrel(Port);

    /// <summary>Known before the server starts (settings that name the server's own URL need it).</summary>
    protected int Port { get; } = FreePort.Next();

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
    }
}

public class TodoPostgresServer : PostgresApp, ITodoServer
{
    public TodoPostgresServer() => UseKestrel(FreePort.Next());

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }
}

/// <summary>Behind a proxy the server trusts (127.0.0.1): URLs follow its forwarded scheme and host.</summary>
public sealed class ProxiedTodoServer : TodoSqliteServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Http:KnownProxies:0", "127.0.0.1");
    }
}

/// <summary>Lists that hold only <see cref="MaxTodos"/> todos, so a test can fill one.</summary>
public sealed class SmallListsSqliteServer : TodoSqliteServer
{
    public const int MaxTodos = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Todo:MaxTodosPerList", MaxTodos.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <inheritdoc cref="SmallListsSqliteServer"/>
public sealed class SmallListsPostgresServer : TodoPostgresServer
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Todo:MaxTodosPerList", SmallListsSqliteServer.MaxTodos.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>A server whose clock the test moves (expiry): in-process, so no other test shares the clock.</summary>
public interface IClockedApp
{
    FakeTimeProvider Clock { get; }

    IServiceProvider Services { get; }

    HttpClient CreateClient();
}

public sealed class ClockedSqliteApp : SqliteApp, IClockedApp
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class ClockedPostgresApp : PostgresApp, IClockedApp
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}
