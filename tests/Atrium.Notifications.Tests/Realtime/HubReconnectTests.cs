using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Atrium.Notifications.Tests.Messaging;
using Atrium.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Atrium.Notifications.Tests.Realtime;

/// <summary>A client with automatic reconnect survives the server's restart (SIGKILL, then a new process on the same port).</summary>
public sealed class HubReconnectTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("atrium-reconnect-").FullName;
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    [Fact]
    public async Task A_client_reconnects_by_itself_after_the_server_restarts_and_hears_what_follows()
    {
        var settings = new Dictionary<string, string>();
        var first = await ServerProcess.StartAsync(_data, _key, settings);
        var celeb = await RegisterAsync(first, "celeb");
        var fan = await RegisterAsync(first, "fan");
        await using var hub = HubClients.Connection(first.Address, "notifications", celeb.Token, new HubClients.Persistent());
        var heard = hub.Listen("notification");
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Reconnected += _ =>
        {
            reconnected.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();

        await first.DisposeAsync();
        await using var second = await ServerProcess.StartAsync(_data, _key, settings, first.Address.Port);
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HubConnectionState.Connected, hub.State);

        Assert.Equal(HttpStatusCode.OK, (await second.Client(fan.Token).PostAsync($"/api/profiles/{celeb.Username}/follow", null)).StatusCode);
        var pushed = await heard.NextAsync("notification after the reconnect");
        Assert.Equal(fan.Username, pushed.GetProperty("actor").GetProperty("username").GetString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans its temp folder anyway.
        }
    }

    private static async Task<(string Username, string Token)> RegisterAsync(ServerProcess server, string prefix)
    {
        var username = Api.Unique(prefix);
        var response = await server.Client().PostAsJsonAsync("/api/users",
            new { user = new { username, email = $"{username}@example.com", password = "password123" } });
        return (username, (string)(await response.JsonAsync(HttpStatusCode.Created))["user"]!["token"]!);
    }
}
