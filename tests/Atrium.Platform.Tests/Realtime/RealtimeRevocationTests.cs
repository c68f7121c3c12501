using System.Net;
using System.Net.Http.Json;
using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.Tests.Admin;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Atrium.Platform.Tests.Realtime;

/// <summary>
/// A WebSocket is authenticated once, at its handshake: an open connection must still end when the
/// sign-in behind it does (checked every <c>Atrium:Realtime:RevalidateInterval</c>, 1 s here).
/// </summary>
public sealed class RealtimeRevocationTests(RevalidatingSocketApp app) : IClassFixture<RevalidatingSocketApp>
{
    [Fact]
    public async Task Disabling_an_account_closes_its_open_connections_and_no_one_elses()
    {
        var admin = await app.AdminAsync();
        var victim = await app.RegisterAsync("victim");
        var bystander = await app.RegisterAsync("bystander");
        await using var victimHub = await HubClients.ConnectAsync(app.ClientOptions.BaseAddress, "jobs", victim.Token);
        await using var bystanderHub = await HubClients.ConnectAsync(app.ClientOptions.BaseAddress, "jobs", bystander.Token);
        var victimClosed = ClosedAsync(victimHub);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client().PostAsync($"/api/admin/users/{victim.Username}/disable", null)).StatusCode);

        await victimClosed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, victimHub.State);
        // Two more rounds of rechecks: the bystander's connection stands.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(HubConnectionState.Connected, bystanderHub.State);
    }

    [Fact]
    public async Task Signing_out_of_a_browser_session_closes_the_connections_it_opened()
    {
        var browser = app.CreateClient();
        var anonymous = await (await browser.GetAsync("/session")).JsonAsync(HttpStatusCode.OK);
        var username = Api.Unique("tab");
        var signUp = new HttpRequestMessage(HttpMethod.Post, "/session/sign-up")
        {
            Content = JsonContent.Create(new { username, email = $"{username}@example.com", password = "password123" }),
        };
        signUp.Headers.Add(WebSessionDefaults.AntiforgeryHeader, (string)anonymous["antiforgeryToken"]!);
        var signedUp = await browser.SendAsync(signUp);
        var session = await signedUp.JsonAsync(HttpStatusCode.Created);
        var cookie = signedUp.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebSessionDefaults.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];

        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.ClientOptions.BaseAddress, "/hubs/jobs"), HttpTransportType.WebSockets, o => o.Headers["Cookie"] = cookie)
            .Build();
        await using var _ = hub;
        await hub.StartAsync();
        var closed = ClosedAsync(hub);

        var signOut = new HttpRequestMessage(HttpMethod.Post, "/session/sign-out");
        signOut.Headers.Add(WebSessionDefaults.AntiforgeryHeader, (string)session["antiforgeryToken"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(signOut)).StatusCode);

        await closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    private static Task ClosedAsync(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}

public sealed class RevalidatingSocketApp : SqliteApp
{
    public RevalidatingSocketApp() => UseKestrel(FreePort.Next());

    public override async Task InitializeAsync()
    {
        StartServer();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Atrium:Realtime:RevalidateInterval", "00:00:01");
    }
}
