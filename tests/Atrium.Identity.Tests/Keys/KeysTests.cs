using System.Security.Cryptography;
using Atrium.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Identity.Tests.Keys;

/// <summary>A server configured with its own RSA keys, as production is.</summary>
public sealed class ConfiguredKeysServer : IdentitySqliteServer
{
    public RSA OAuthSigningKey { get; } = RSA.Create(2048);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // One as PEM text, the other as base64 DER: both forms an operator may use.
        builder.UseSetting("Atrium:Identity:SigningKeys:0", OAuthSigningKey.ExportPkcs8PrivateKeyPem());
        builder.UseSetting("Atrium:Identity:EncryptionKeys:0", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        // An RSA encryption key still opens tokens sealed before a switch to a symmetric one.
        builder.UseSetting("Atrium:Identity:EncryptionKeys:1", ServerExecutable.NewRsaKey());
        // PKCS#1 DER, as `openssl genpkey -outform DER` writes it, for the second (validation-only) signing key.
        using var older = RSA.Create(2048);
        builder.UseSetting("Atrium:Identity:SigningKeys:1", Convert.ToBase64String(older.ExportRSAPrivateKey()));
    }
}

/// <summary>Where the authorization server's keys come from, and that it will not run without them outside Development.</summary>
public sealed class KeysTests(ConfiguredKeysServer server) : IClassFixture<ConfiguredKeysServer>
{
    [Fact]
    public async Task The_configured_signing_key_is_the_one_published_and_used()
    {
        using var agent = new OAuthAgent(server);
        var client = await OAuthAgent.AddClientAsync(server, "blog", clientCredentials: true, redirect: false);

        var jwks = await (await agent.Api.GetAsync("/.well-known/jwks")).JsonOkAsync();
        var tokens = await (await agent.TokenAsync(client, new Dictionary<string, string> { ["grant_type"] = "client_credentials" })).JsonOkAsync();

        var modulus = Base64UrlEncoder.Encode(server.OAuthSigningKey.ExportParameters(false).Modulus!);
        Assert.Equal(modulus, (string?)jwks["keys"]![0]!["n"]);
        // The older key stays published, so tokens it signed before a rotation still validate.
        Assert.Equal(2, jwks["keys"]!.AsArray().Count);
        Assert.NotNull((string?)tokens["access_token"]);
        // No development key file when keys are configured.
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "oauth-signing.pem")));
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    [InlineData("Development", true)]
    [InlineData("Testing", true)]
    public void Keys_are_required_outside_development_and_testing(string environment, bool starts)
    {
        var validator = new IdentityOptionsValidator(new HostingEnvironment { EnvironmentName = environment });

        var result = validator.Validate(null, new IdentityOptions());

        Assert.Equal(starts, result.Succeeded);
        if (!starts)
        {
            Assert.Contains("Atrium__Identity__SigningKeys__0", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_key_that_does_not_read_or_is_too_small_is_refused()
    {
        using var small = RSA.Create(1024);
        var validator = new IdentityOptionsValidator(new HostingEnvironment { EnvironmentName = Environments.Development });

        var result = validator.Validate(null, new IdentityOptions
        {
            SigningKeys = ["not a key"],
            EncryptionKeys = [small.ExportPkcs8PrivateKeyPem(), Convert.ToBase64String(new byte[16])],
        });

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Failures!.Count());
    }
}

/// <summary>In Testing (as in Development) the keys are generated once into the data folder, readable by the owner only.</summary>
public sealed class DevelopmentKeysTests(IdentitySqliteServer server) : IClassFixture<IdentitySqliteServer>
{
    [Fact]
    public async Task Keys_are_generated_into_the_data_folder_and_kept_private()
    {
        using var agent = new OAuthAgent(server);
        (await agent.Api.GetAsync("/.well-known/jwks")).EnsureSuccessStatusCode();

        foreach (var file in new[] { "oauth-signing.pem", "oauth-encryption.key" })
        {
            var path = Path.Combine(((AtriumApp)server).DataDirectory, file);
            Assert.True(File.Exists(path), file);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
    }
}
