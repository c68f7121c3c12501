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
    internal const string DevelopmentEncryptionFile = "oauth-encryption.key";

    /// <summary>An AES key-wrap key: base64 of exactly this many bytes.</summary>
    public const int SymmetricKeyBytes = 32;

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

        var pem = DataDirectory.ReadOrCreateSecret(DataDirectory.Resolve(configuration, environment), developmentFile, () =>
        {
            using var rsa = RSA.Create(2048);
            return rsa.ExportPkcs8PrivateKeyPem();
        });
        return [Parse(pem, pfxPassword)];
    }

    /// <summary>
    /// The access-token encryption keys: base64 of 32 bytes (AES key wrap: cheap to open on every
    /// request, and only this server opens them) or an RSA key (RSA-OAEP). The first encrypts.
    /// </summary>
    public static IReadOnlyList<EncryptingCredentials> LoadEncryption(
        IReadOnlyList<string> configured, string? pfxPassword, IConfiguration configuration, IHostEnvironment environment)
    {
        if (configured.Count > 0)
        {
            return [.. configured.Select(k => ParseEncryption(k, pfxPassword))];
        }

        if (!IsLocal(environment))
        {
            throw new InvalidOperationException($"{IdentityOptions.SectionName} keys are required outside Development.");
        }

        var key = DataDirectory.ReadOrCreateSecret(DataDirectory.Resolve(configuration, environment), DevelopmentEncryptionFile,
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SymmetricKeyBytes)));
        return [ParseEncryption(key, pfxPassword)];
    }

    /// <summary>Whether <paramref name="value"/> reads as an encryption key; the reason when it does not.</summary>
    public static string? CheckEncryption(string value, string? pfxPassword) =>
        Symmetric(value) is not null ? null : Check(value, pfxPassword);

    private static EncryptingCredentials ParseEncryption(string value, string? pfxPassword) =>
        Symmetric(value) is { } bytes
            ? new EncryptingCredentials(
                new SymmetricSecurityKey(bytes) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(bytes))[..16] },
                SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512)
            : new EncryptingCredentials(Parse(value, pfxPassword), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512);

    private static byte[]? Symmetric(string value)
    {
        var buffer = new byte[SymmetricKeyBytes + 1];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var length) && length == SymmetricKeyBytes ? buffer[..length] : null;
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
            // DER: PKCS#8 (.NET, Java) or PKCS#1 (what `openssl genpkey -outform DER` writes for RSA).
            var der = Convert.FromBase64String(text);
            try
            {
                rsa.ImportPkcs8PrivateKey(der, out _);
            }
            catch (CryptographicException)
            {
                rsa.ImportRSAPrivateKey(der, out _);
            }
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
