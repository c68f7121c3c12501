using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Atrium.Platform.Accounts;

/// <summary>The JWT signing key: from configuration, or in Development generated once and kept in the data folder.</summary>
public sealed class SigningKey
{
    public const int MinimumBytes = 32;
    private const string DevelopmentKeyFile = "jwt-signing.key";

    public SigningKey(AuthOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        var material = string.IsNullOrWhiteSpace(options.SigningKey)
            ? DevelopmentKey(configuration, environment)
            : Decode(options.SigningKey);
        Key = new SymmetricSecurityKey(material) { KeyId = Convert.ToHexString(SHA256.HashData(material))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] Decode(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{AuthOptions.SectionName}:SigningKey is not valid base64.");
        }

        return bytes.Length >= MinimumBytes
            ? bytes
            : throw new InvalidOperationException($"{AuthOptions.SectionName}:SigningKey must be at least {MinimumBytes} bytes.");
    }

    private static byte[] DevelopmentKey(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{AuthOptions.SectionName}:SigningKey is required outside Development (set Atrium__Auth__SigningKey to a base64 key of at least {MinimumBytes} bytes).");
        }

        return Decode(DataDirectory.ReadOrCreateSecret(
            DataDirectory.Resolve(configuration, environment), DevelopmentKeyFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));
    }
}
