using Atrium.Platform.Data;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Atrium.Notifications.Tests.Messaging;

/// <summary>The server in-process on SQLite, its bus on RabbitMQ: a virtual host of its own on the shared test node.</summary>
public class RabbitMqApp : AtriumApp
{
    private Uri? _broker;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public Uri Broker => _broker ?? throw new InvalidOperationException("The broker is set up in InitializeAsync.");

    protected override string ConnectionString => $"Data Source={Path.Combine(DataDirectory, "atrium.db")};Default Timeout=30";

    public override async Task InitializeAsync()
    {
        _broker = await CreateBrokerAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await DeleteBrokerAsync(Broker);
    }

    protected virtual async Task<Uri> CreateBrokerAsync() => await (await RabbitMqServer.SharedAsync()).CreateVirtualHostAsync("atrium-bus");

    protected virtual async Task DeleteBrokerAsync(Uri broker) => await (await RabbitMqServer.SharedAsync()).DeleteVirtualHostAsync(broker);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:RabbitMQ", Broker.ToString());
        builder.UseSetting("Atrium:Messaging:PollInterval", "00:00:00.250");
    }
}
