using System.Net;
using Atrium.Identity.Data;
using Atrium.Identity.Maintenance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Atrium.Identity.Tests.Maintenance;

/// <summary><c>identity.prune</c>: spent tokens and old audit events go, what still works stays.</summary>
public abstract class PruneTests(IIdentityServer server)
{
    private const string Scope = "openid offline_access todo";

    [Fact]
    public async Task Pruning_removes_spent_tokens_and_old_audit_events_and_keeps_live_tokens_working()
    {
        using var agent = new OAuthAgent(server);
        var account = await agent.RegisterAccountAsync();
        var client = await OAuthAgent.AddClientAsync(server, Scope, firstParty: true);
        var tokens = await agent.SignInForTokensAsync(client, account, Scope);
        var marker = Testing.Api.Unique("prune");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            db.AuditEvents.AddRange(
                new AuditEvent { Id = Guid.NewGuid(), Kind = "test", Subject = marker, At = DateTime.UtcNow.AddDays(-400) },
                new AuditEvent { Id = Guid.NewGuid(), Kind = "test", Subject = marker, At = DateTime.UtcNow.AddDays(-10) },
                // Refused grants are kept 30 days, not 365: this one goes, the "test" one of the same age stays.
                new AuditEvent { Id = Guid.NewGuid(), Kind = AuditKinds.GrantRefused + ":refresh_token", Subject = marker, At = DateTime.UtcNow.AddDays(-20) });
            await db.SaveChangesAsync();
            Assert.Contains(OpenIddictConstants.Statuses.Redeemed, await StatusesAsync(db, client.Id));
        }

        // Two weeks on (past the refresh-token lifetime of the code token's creation): the redeemed code goes.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var pruned = await scope.ServiceProvider.GetRequiredService<IdentityPruner>().PruneAsync(DateTimeOffset.UtcNow.AddDays(15), CancellationToken.None);
            Assert.True(pruned.Tokens >= 1, $"pruned {pruned}");
            Assert.True(pruned.AuditEvents >= 1, $"pruned {pruned}");
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var left = await StatusesAsync(db, client.Id);
            Assert.DoesNotContain(OpenIddictConstants.Statuses.Redeemed, left);
            Assert.Contains(OpenIddictConstants.Statuses.Valid, left);
            var audit = await db.AuditEvents.Where(e => e.Subject == marker).Select(e => e.At).ToListAsync();
            Assert.True(DateTime.UtcNow - Assert.Single(audit) < TimeSpan.FromDays(11));
        }

        // The access and refresh tokens are still valid and still work.
        using var api = agent.Bearer((string)tokens["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/todo-lists")).StatusCode);
    }

    private static Task<List<string?>> StatusesAsync(IdentityDbContext db, string clientId) =>
        db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Application!.ClientId == clientId).Select(t => t.Status).ToListAsync();
}

public sealed class PruneTests_Sqlite(IdentitySqliteServer server) : PruneTests(server), IClassFixture<IdentitySqliteServer>;

public sealed class PruneTests_Postgres(IdentityPostgresServer server) : PruneTests(server), IClassFixture<IdentityPostgresServer>;
