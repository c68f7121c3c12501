using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace Atrium.Testing;

/// <summary>A real SignalR client (WebSockets only, as browsers use) and what it hears.</summary>
public static class HubClients
{
    /// <summary>Generous, as the "within a second" would be flaky on a loaded CI machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static HubConnection Connection(Uri server, string hub, string? token = null, IRetryPolicy? reconnect = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(server, $"/hubs/{hub}"), HttpTransportType.WebSockets, o =>
        {
            if (token is not null)
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            }
        });
        if (reconnect is not null)
        {
            builder.WithAutomaticReconnect(reconnect);
        }

        return builder.Build();
    }

    public static async Task<HubConnection> ConnectAsync(Uri server, string hub, string? token = null)
    {
        var connection = Connection(server, hub, token);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Records every <paramref name="name"/> event from now on.</summary>
    public static Heard Listen(this HubConnection connection, string name)
    {
        var heard = new Heard();
        connection.On<JsonElement>(name, payload => heard.Add(payload));
        return heard;
    }

    /// <summary>Retries every half second for a minute: long enough for a server to restart.</summary>
    public sealed class Persistent : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            retryContext.ElapsedTime < TimeSpan.FromMinutes(1) ? TimeSpan.FromMilliseconds(500) : null;
    }
}

/// <summary>Events one connection received, in order.</summary>
public sealed class Heard
{
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();

    public void Add(JsonElement payload) => _events.Writer.TryWrite(payload.Clone());

    public int Count => _events.Reader.Count;

    /// <summary>The next event, waiting up to <see cref="HubClients.Patience"/> for it.</summary>
    public async Task<JsonElement> NextAsync(string what)
    {
        using var timeout = new CancellationTokenSource(HubClients.Patience);
        try
        {
            return await _events.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No {what} arrived within {HubClients.Patience.TotalSeconds} s.");
            throw;
        }
    }
}

public static class HubListening
{
    /// <summary>Records every argument-less <paramref name="name"/> event from now on (as an empty JSON object).</summary>
    public static Heard Listen0(this HubConnection connection, string name)
    {
        var heard = new Heard();
        connection.On(name, () => heard.Add(JsonDocument.Parse("{}").RootElement));
        return heard;
    }
}
