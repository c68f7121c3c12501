using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Images;

/// <summary>
/// Signs and checks <c>/img</c> URLs: the signature is base64url (no padding) of
/// HMAC-SHA256(key, path after the signature segment, e.g. <c>/rs:fill:300:300/{id}.webp</c>).
/// Every configured key verifies; the first one signs.
/// </summary>
public sealed class UrlSigner
{
    public const int MinimumKeyBytes = 32;
    private const string DevelopmentKeyFile = "images-signing.key";

    private readonly byte[][] _keys;

    public UrlSigner(IOptions<ImagesOptions> options, IConfiguration configuration, IHostEnvironment environment)
    {
        _keys = [.. options.Value.SigningKeys.Select(k => TryDecode(k, out var key) ? key : throw new InvalidOperationException("Invalid image signing key."))];
        if (_keys.Length == 0)
        {
            // Only reached in Development (the options validator refuses to start elsewhere): kept on disk so URLs survive restarts.
            _keys = [DevelopmentKey(DataDirectory.Resolve(configuration, environment))];
        }
    }

    public static bool TryDecode(string base64, out byte[] key)
    {
        key = [];
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return false;
        }

        return key.Length >= MinimumKeyBytes;
    }

    public string Sign(string path) => Base64Url.EncodeToString(HMACSHA256.HashData(_keys[0], Encoding.UTF8.GetBytes(path)));

    public bool Verify(string signature, string path)
    {
        if (signature.Length != 43)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Base64Url.DecodeFromChars(signature, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        var data = Encoding.UTF8.GetBytes(path);
        Span<byte> expected = stackalloc byte[32];
        var valid = false;
        foreach (var key in _keys)
        {
            HMACSHA256.HashData(key, data, expected);
            // Every key is tried (no early exit) and compared in constant time.
            valid |= CryptographicOperations.FixedTimeEquals(expected, given);
        }

        return valid;
    }

    private static byte[] DevelopmentKey(string dataDirectory)
    {
        var text = DataDirectory.ReadOrCreateSecret(
            dataDirectory, DevelopmentKeyFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), valid: existing => TryDecode(existing, out _));
        return TryDecode(text, out var key) ? key : throw new InvalidOperationException("Invalid development image signing key.");
    }
}
