using System.Text.RegularExpressions;
using Atrium.Platform.Admin;
using Atrium.Platform.Hosting;

namespace Atrium.Identity.Tests.Clients;

/// <summary>Runs admin commands against a test server's services, as the executable would.</summary>
internal static partial class Commands
{
    public static async Task<RegisteredClient> AddAsync(IIdentityServer server, string id, string redirectUri, string scopes, string? postLogoutRedirectUri = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = ["client", "add", "--id", id, "--redirect-uris", redirectUri, "--scopes", scopes];
        if (postLogoutRedirectUri is not null)
        {
            args = [.. args, "--post-logout-redirect-uris", postLogoutRedirectUri];
        }

        var exit = await AtriumCommands.RunCommandAsync(server.Services, args, CommandConsole.Captured(TextReader.Null, output, error), CancellationToken.None);
        Assert.True(exit == 0, error.ToString());
        return new RegisteredClient(id, SecretLine().Match(output.ToString()).Groups[1].Value, redirectUri, postLogoutRedirectUri);
    }

    [GeneratedRegex("Secret \\(shown once, stored hashed\\): (\\S+)")]
    private static partial Regex SecretLine();
}
