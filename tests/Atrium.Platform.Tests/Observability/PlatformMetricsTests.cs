using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Atrium.Platform.Caching;
using Atrium.Platform.RateLimiting;
using Atrium.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Observability;

/// <summary>The platform's own counters (cache hits and misses, rate-limit rejections), read through a MeterListener as an exporter reads them.</summary>
public abstract class PlatformMetricsTests(AtriumApp app)
{
    [Fact]
    public async Task Cache_lookups_count_a_miss_then_hits()
    {
        using var counters = new Counters(app, CacheMetrics.MeterName);
        var client = app.CreateClient();

        await (await client.GetAsync("/api/tags")).JsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync("/api/tags")).JsonAsync(HttpStatusCode.OK);

        Assert.True(counters["atrium.cache.requests|result=miss"] >= 1, counters.ToString());
        Assert.True(counters["atrium.cache.requests|result=hit"] >= 1, counters.ToString());
    }

    [Fact]
    public async Task Rejections_are_counted_by_limiter()
    {
        await using var strict = app.WithWebHostBuilder(b => b
            .UseSetting("Atrium:RateLimits:Anonymous:PermitLimit", "2")
            .UseSetting("Atrium:RateLimits:LoginFailures:PermitLimit", "1"));
        using var counters = new Counters(strict, RateLimitMetrics.MeterName);
        var client = strict.CreateClient();
        var email = $"{Api.Unique("limited")}@example.com";

        // A failed login locks the account (limit 1): the next login is refused by the lock-out.
        await client.PostJsonAsync("/api/users/login", new { user = new { email, password = "wrong password" } });
        await (await client.PostJsonAsync("/api/users/login", new { user = new { email, password = "wrong password" } }))
            .AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate");
        // Those were the two anonymous requests of the window: the third is refused by the global limiter.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/tags")).StatusCode);

        Assert.Equal(1, counters["atrium.rate_limit.rejections|limiter=login_lockout"]);
        Assert.Equal(1, counters["atrium.rate_limit.rejections|limiter=request"]);
    }

    /// <summary>Sums of one host's counters (other hosts in the test process have meters of the same name), by name and tags.</summary>
    private sealed class Counters : IDisposable
    {
        private readonly ConcurrentDictionary<string, long> _sums = new();
        private readonly MeterListener _listener = new();

        public Counters(WebApplicationFactory<Program> host, string meterName)
        {
            var factory = host.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var key = instrument.Name + "|" + string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
                _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public long this[string key] => _sums.GetValueOrDefault(key);

        public void Dispose() => _listener.Dispose();

        public override string ToString() => string.Join("; ", _sums.Select(s => $"{s.Key}: {s.Value}"));
    }
}

public sealed class PlatformMetricsTests_Sqlite(SqliteApp app) : PlatformMetricsTests(app), IClassFixture<SqliteApp>;

public sealed class PlatformMetricsTests_Postgres(PostgresApp app) : PlatformMetricsTests(app), IClassFixture<PostgresApp>;
