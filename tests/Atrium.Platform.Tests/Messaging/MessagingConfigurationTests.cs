using System.Net;
using Atrium.Platform.Messaging;
using Atrium.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Tests.Messaging;

public sealed class MessagingConfigurationTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void MassTransit_reports_no_usage_telemetry_to_its_vendor() =>
        Assert.False(app.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);

    [Fact]
    public void The_defaults_relay_and_retry()
    {
        var options = app.Services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        Assert.True(options.RelayEnabled);
        Assert.Equal(5, options.RetryLimit);
    }

    [Fact]
    public async Task Readiness_does_not_include_the_bus_health_check()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
        var registrations = app.Services.GetRequiredService<IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Contains(registrations, r => r.Tags.Contains("messaging"));
        Assert.DoesNotContain(registrations, r => r.Tags.Contains("messaging") && r.Tags.Contains("ready"));
    }
}
