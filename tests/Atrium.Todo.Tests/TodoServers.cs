using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Atrium.Todo.Tests;

/// <summary>
/// The whole server on a real Kestrel socket (127.0.0.1, a free port), as a browser or the
/// Todo-Backend runner reaches it, with a clock the tests can move.
/// </summary>
public interface ITodoServer
{
    Uri Address { get; }

    FakeTimeProvider Clock { get; }

    IServiceProvider Services { get; }

    HttpClient CreateClient();
}

public sealed class TodoSqliteServer : SqliteApp, ITodoServer
{
    public TodoSqliteServer() => UseKestrel(FreePort.Next());

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class TodoPostgresServer : PostgresApp, ITodoServer
{
    public TodoPostgresServer() => UseKestrel(FreePort.Next());

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}
