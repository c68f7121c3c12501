using Atrium.Platform.Jobs;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Atrium.Identity.Maintenance;

/// <summary>
/// Every sign-in, refresh and client-credentials grant adds token (and authorization) rows, and every
/// grant an audit row: without a bound the tables grow with traffic for ever. Removes the tokens and
/// authorizations that can no longer be used (expired, revoked, redeemed) once they are older than the
/// refresh-token lifetime — a redeemed refresh token is kept that long, so presenting it again is still
/// recognised as reuse and revokes its grant — and audit events older than <see cref="IdentityOptions.AuditRetention"/> (refused grants: <see cref="IdentityOptions.RefusedGrantAuditRetention"/>).
/// </summary>
internal sealed class IdentityPruner(
    IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, IdentityDbContext db,
    IOptions<IdentityOptions> options)
{
    private const int BatchSize = 5_000;

    public async Task<PrunedCounts> PruneAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        var threshold = now - settings.RefreshTokenLifetime;
        var prunedTokens = await tokens.PruneAsync(threshold, ct);
        var prunedAuthorizations = await authorizations.PruneAsync(threshold, ct);

        var cutoff = (now - settings.AuditRetention).UtcDateTime;
        var prunedAudit = await db.AuditEvents.Where(e => e.At < cutoff).DeleteInBatchesAsync(e => e.Id, BatchSize, ct);
        var refusedCutoff = (now - settings.RefusedGrantAuditRetention).UtcDateTime;
        prunedAudit += await db.AuditEvents.Where(e => e.At < refusedCutoff && e.Kind.StartsWith(AuditKinds.GrantRefused))
            .DeleteInBatchesAsync(e => e.Id, BatchSize, ct);
        return new PrunedCounts(prunedTokens, prunedAuthorizations, prunedAudit);
    }
}

internal readonly record struct PrunedCounts(long Tokens, long Authorizations, long AuditEvents);

/// <summary>The daily recurring job that runs <see cref="IdentityPruner"/>.</summary>
internal sealed class PruneIdentity(IdentityPruner pruner, TimeProvider clock) : IBackgroundJob<NoArgs>
{
    public const string Name = "identity.prune";

    public async Task RunAsync(NoArgs args, JobContext context, CancellationToken cancellationToken)
    {
        var pruned = await pruner.PruneAsync(clock.GetUtcNow(), cancellationToken);
        await context.ReportProgressAsync(100,
            $"{pruned.Tokens} tokens, {pruned.Authorizations} authorizations, {pruned.AuditEvents} audit events deleted", cancellationToken);
    }
}
