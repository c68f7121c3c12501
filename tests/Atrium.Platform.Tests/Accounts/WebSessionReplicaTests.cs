using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.Data;
using Atrium.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Atrium.Platform.Tests.Accounts;

/// <summary>
/// Two instances over one PostgreSQL database, as behind a load balancer: the key ring lives in the
/// database, so a session cookie and an antiforgery token from one instance work on the other.
/// </summary>
public sealed class WebSessionReplicaTests : IAsyncLifetime
{
    private readonly string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private string database = "";
    private InstanceApp A { get; set; } = null!;

    private InstanceApp B { get; set; } = null!;

    public async Task InitializeAsync()
    {
        database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("atrium_sessions");
        A = new InstanceApp(DatabaseProvider.Postgres, database, signingKey, redis: null);
        await A.InitializeAsync();
        B = new InstanceApp(DatabaseProvider.Postgres, database, signingKey, redis: null);
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await (await PostgresServer.SharedAsync()).DropDatabaseAsync(database);
    }

    [Fact]
    public async Task A_session_started_on_one_instance_is_honoured_by_another()
    {
        var onA = A.CreateClient();
        var token = (string)(await (await onA.GetAsync("/session")).JsonAsync(HttpStatusCode.OK))["antiforgeryToken"]!;
        var username = Api.Unique("replica");
        var request = new HttpRequestMessage(HttpMethod.Post, "/session/sign-up")
        {
            Content = JsonContent.Create(new { username, email = $"{username}@example.com", password = "password123" }),
        };
        request.Headers.Add(WebSessionDefaults.AntiforgeryHeader, token);
        var signedUp = await onA.SendAsync(request);
        await signedUp.JsonAsync(HttpStatusCode.Created);
        var cookies = string.Join("; ", signedUp.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var onB = B.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        onB.DefaultRequestHeaders.Add("Cookie", cookies);
        var session = await (await onB.GetAsync("/session")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(username, (string?)session["user"]!["username"]);
    }
}
