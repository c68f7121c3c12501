using System.Security.Cryptography;
using Atrium.Identity.Audit;
using Atrium.Platform.Admin;
using Atrium.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Atrium.Identity.Clients;

/// <summary>
/// <c>client add|list|remove</c>: registers OAuth clients. A confidential client's secret is generated,
/// printed once and stored only as OpenIddict's hash. Redirect URIs match exactly; a first-party client
/// (Atrium's own apps) skips the consent page; post-logout redirect URIs (RP-initiated logout) match exactly too; every client gets exactly the scopes it is registered with.
/// </summary>
internal sealed class ClientCommand : IAtriumCommand
{
    public string Name => "client";

    public string Usage => """
          client add --id ID [--name N] [--redirect-uris "U1 U2"] [--post-logout-redirect-uris "U1 U2"]
                     [--scopes "blog todo"] [--first-party] [--confidential | --public] [--client-credentials]
                                                   register an OAuth client (a confidential client's secret is printed once)
          client list                              list OAuth clients
          client remove --id ID                    remove an OAuth client and its tokens
        """;

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CommandConsole console, CancellationToken ct)
    {
        var action = args.Length > 0 ? args[0] : "";
        var rest = args.Skip(1).ToArray();
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var audit = scope.ServiceProvider.GetRequiredService<IdentityAudit>();
        switch (action)
        {
            case "add":
                return await AddAsync(applications, audit, new CommandArguments(rest,
                    ["id", "name", "redirect-uris", "post-logout-redirect-uris", "scopes"], ["first-party", "confidential", "public", "client-credentials"]), console, ct);
            case "list":
                await foreach (var application in applications.ListAsync(count: null, offset: null, ct))
                {
                    var permissions = await applications.GetPermissionsAsync(application, ct);
                    var scopes = permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                        .Select(p => p[Permissions.Prefixes.Scope.Length..]);
                    var uris = await applications.GetRedirectUrisAsync(application, ct);
                    var postLogoutUris = await applications.GetPostLogoutRedirectUrisAsync(application, ct);
                    await console.Out.WriteLineAsync(string.Join('\t',
                        await applications.GetClientIdAsync(application, ct), await applications.GetClientTypeAsync(application, ct),
                        await applications.GetConsentTypeAsync(application, ct) == ConsentTypes.Implicit ? "first-party" : "third-party",
                        string.Join(' ', scopes), string.Join(' ', uris), string.Join(' ', postLogoutUris)));
                }

                return 0;
            case "remove":
                var id = new CommandArguments(rest, ["id"], []).Required("id");
                var found = await applications.FindByClientIdAsync(id, ct) ?? throw new CommandException($"No client '{id}'.");
                await applications.DeleteAsync(found, ct);
                await audit.RecordAsync(AuditKinds.ClientRemoved, id, null, null, null, ct);
                await console.Out.WriteLineAsync($"Client '{id}' removed.");
                return 0;
            default:
                await console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> AddAsync(
        IOpenIddictApplicationManager applications, IdentityAudit audit, CommandArguments args, CommandConsole console, CancellationToken ct)
    {
        var descriptor = ClientRegistration.Describe(
            args.Required("id"), args.Get("name"), Split(args.Get("redirect-uris")), Split(args.Get("scopes")),
            firstParty: args.Has("first-party"), confidential: !args.Has("public"), clientCredentials: args.Has("client-credentials"),
            postLogoutRedirectUris: Split(args.Get("post-logout-redirect-uris")));
        if (args.Has("public") && args.Has("confidential"))
        {
            throw new CommandException("A client is either --public or --confidential.");
        }

        if (await applications.FindByClientIdAsync(descriptor.ClientId!, ct) is not null)
        {
            throw new CommandException($"A client '{descriptor.ClientId}' exists already.");
        }

        var secret = descriptor.ClientType == ClientTypes.Confidential ? Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)) : null;
        descriptor.ClientSecret = secret;
        await applications.CreateAsync(descriptor, ct);
        await audit.RecordAsync(AuditKinds.ClientAdded, descriptor.ClientId, null, Split(args.Get("scopes")), null, ct);
        await console.Out.WriteLineAsync($"Client '{descriptor.ClientId}' added.");
        if (secret is not null)
        {
            await console.Out.WriteLineAsync($"Secret (shown once, stored hashed): {secret}");
        }

        return 0;
    }

    private static string[] Split(string? list) => list?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
