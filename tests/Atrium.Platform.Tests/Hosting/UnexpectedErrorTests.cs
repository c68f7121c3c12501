using System.Net;
using Atrium.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Tests.Hosting;

public sealed class UnexpectedErrorTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_bug_becomes_a_500_problem_with_a_trace_id_and_no_internals()
    {
        var client = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ThrowingEndpoint>())).CreateClient();
        var response = await client.GetAsync("/test-only/throw");

        var json = await response.JsonAsync(HttpStatusCode.InternalServerError);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty((string?)json["traceId"]));
        var text = json.ToJsonString();
        Assert.DoesNotContain("secret-detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ThrowingEndpoint", text, StringComparison.Ordinal);
    }

    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Runs inside the platform's exception handler, like any endpoint.
            app.Run(context => context.Request.Path == "/test-only/throw"
                ? throw new InvalidOperationException("secret-detail")
                : Task.CompletedTask);
        };
    }
}
