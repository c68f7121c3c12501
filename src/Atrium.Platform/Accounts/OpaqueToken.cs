using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Atrium.Platform.Accounts;

/// <summary>
/// Random bearer secrets (refresh and password-reset tokens). Only their SHA-256 is stored: the
/// secrets have 256 bits of entropy, so a fast hash is enough and lets us look them up by index.
/// </summary>
public static class OpaqueToken
{
    /// <summary>Longest text accepted as a token before hashing (a real one is 43 characters).</summary>
    public const int MaxLength = 100;

    public const int HashLength = 43;

    public static string Create() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
