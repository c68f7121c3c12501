using Atrium.Testing;

namespace Atrium.Notifications.Tests.Realtime;

/// <summary>The whole server on a real Kestrel socket (127.0.0.1, a free port): WebSockets need one.</summary>
public interface ISocketApp
{
    Uri Address { get; }
}

public sealed class SocketSqliteApp : SqliteApp, ISocketApp
{
    public SocketSqliteApp() => UseKestrel(FreePort.Next());

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
    }
}

public sealed class SocketPostgresApp : PostgresApp, ISocketApp
{
    public SocketPostgresApp() => UseKestrel(FreePort.Next());

    public Uri Address => ClientOptions.BaseAddress;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        StartServer();
    }
}
