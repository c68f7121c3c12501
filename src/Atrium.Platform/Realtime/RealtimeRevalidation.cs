using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Realtime;

/// <summary>
/// The signed-in hub connections this instance holds. A WebSocket is authenticated once, at its
/// handshake; <see cref="RealtimeRevalidator"/> uses this list to close the ones whose sign-in has
/// since ended (account disabled, token version bumped, session signed out). It also turns away OAuth
/// access tokens on every hub, the anonymous ones included, whose authorization policy does not run:
/// hubs span modules and have no scope to grant.
/// </summary>
internal sealed class RealtimeConnections : IHubFilter
{
    private readonly ConcurrentDictionary<string, HubCallerContext> open = new(StringComparer.Ordinal);

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Context.User?.HasClaim(TokenScopes.ScopedClaim, "true") == true)
        {
            throw new HubException("OAuth access tokens are not accepted on the hubs.");
        }

        await next(context);
        // Only Atrium's own tokens and sessions carry a token version to check; anonymous connections have no sign-in to end.
        if (context.Context.User?.FindFirst(TokenIssuer.TokenVersionClaim) is not null)
        {
            open[context.Context.ConnectionId] = context.Context;
        }
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        open.TryRemove(context.Context.ConnectionId, out _);
        return next(context, exception);
    }

    public IReadOnlyList<HubCallerContext> Snapshot() => [.. open.Values];
}

/// <summary>
/// Every <see cref="RealtimeOptions.RevalidateInterval"/>, checks each signed-in connection's sign-in
/// the way a request would be checked (one query per distinct account version and session, not per
/// connection) and aborts the connections whose sign-in no longer stands.
/// </summary>
internal sealed partial class RealtimeRevalidator(
    RealtimeConnections connections, IServiceScopeFactory scopes, IOptions<RealtimeOptions> options, TimeProvider clock,
    ILogger<RealtimeRevalidator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevalidateInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RevalidateAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly away: keep the connections and try again next tick.
                LogRevalidationFailed(e);
            }
        }
    }

    private async Task RevalidateAsync(CancellationToken ct)
    {
        var open = connections.Snapshot();
        if (open.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var sessions = scope.ServiceProvider.GetRequiredService<RefreshTokens>();
        var verdicts = new Dictionary<SignInClaims, bool>();
        var closed = 0;
        foreach (var connection in open)
        {
            var signIn = SignInClaims.Of(connection.User);
            if (!verdicts.TryGetValue(signIn, out var stands))
            {
                stands = await signIn.StandsAsync(db, sessions, ct);
                verdicts[signIn] = stands;
            }

            if (!stands)
            {
                connection.Abort();
                closed++;
            }
        }

        if (closed > 0)
        {
            LogClosed(closed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} hub connections whose sign-in has ended")]
    private partial void LogClosed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not recheck the hub connections' sign-ins; will retry")]
    private partial void LogRevalidationFailed(Exception exception);
}
