using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Identity.Keys;

/// <summary>
/// The authorization server's RSA keys: from configuration, or in Development and Testing generated once
/// into the data folder (never in the repository), like the JWT signing key.
/// </summary>
public static class IdentityKeys
{
    internal const string DevelopmentSigningFile = "oauth-signing.pem";
    internal const string DevelopmentEncryptionFile = "oauth-encryption.pem";

    /// <summary>Development and Testing may run over plain HTTP and with generated keys; every other environment may not.</summary>
    public static bool IsLocal(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public static IReadOnlyList<RsaSecurityKey> Load(
        IReadOnlyList<string> configured, string? pfxPassword, string developmentFile, IConfiguration configuration, IHostEnvironment environment)
    {
        if (configured.Count > 0)
        {
            return [.. configured.Select(k => Parse(k, pfxPassword))];
        }

        if (!IsLocal(environment))
        {
            throw new InvalidOperationException($"{IdentityOptions.SectionName} keys are required outside Development.");
        }

        var path = Path.Combine(DataDirectory.Resolve(configuration, environment), developmentFile);
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(2048);
            File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return [Parse(path, pfxPassword)];
    }

    /// <summary>Whether <paramref name="value"/> reads as a key; the reason when it does not.</summary>
    public static string? Check(string value, string? pfxPassword)
    {
        try
        {
            Parse(value, pfxPassword);
            return null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or IOException)
        {
            return e.Message;
        }
    }

    private static RsaSecurityKey Parse(string value, string? pfxPassword)
    {
        var rsa = RSA.Create();
        var text = value.Trim();
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            rsa.ImportFromPem(text);
        }
        else if (File.Exists(text) && (text.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)))
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(text, pfxPassword, X509KeyStorageFlags.EphemeralKeySet);
            using var key = certificate.GetRSAPrivateKey() ?? throw new CryptographicException($"{text} holds no RSA private key.");
            rsa.ImportParameters(key.ExportParameters(includePrivateParameters: true));
        }
        else if (File.Exists(text))
        {
            rsa.ImportFromPem(File.ReadAllText(text));
        }
        else
        {
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(text), out _);
        }

        if (rsa.KeySize < 2048)
        {
            throw new CryptographicException("An RSA key must have at least 2048 bits.");
        }

        // A stable key id (published in the JWKS): a hash of the public modulus.
        var modulus = rsa.ExportParameters(includePrivateParameters: false).Modulus!;
        return new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(modulus))[..16] };
    }
}
