using System.Diagnostics;

namespace Atrium.Testing;

/// <summary>
/// The built server as an operator runs it: <c>dotnet Atrium.Server.dll …</c> as a separate process,
/// for tests that need a real process (signals, stdout, exit codes, a real socket).
/// </summary>
public static class ServerExecutable
{
    /// <summary>The server project's own build output, of the configuration the tests were built in.</summary>
    public static string DllPath
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            return Path.Combine(RepositoryRoot.Path, "src", "Atrium.Server", "bin", configuration, "net10.0", "Atrium.Server.dll");
        }
    }

    /// <summary>
    /// Start info for the server in Production on a data folder of its own, with output redirected.
    /// Atrium settings inherited from the test process are dropped, so only <paramref name="settings"/>
    /// (environment variables, applied last) configure it.
    /// </summary>
    public static ProcessStartInfo StartInfo(
        string dataDirectory, string signingKey, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(DllPath)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var inherited = start.Environment.Keys.Where(k => k.StartsWith("Atrium__", StringComparison.Ordinal)
            || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
            || k.StartsWith("Logging__", StringComparison.Ordinal)
            || k == "ATRIUM_ADMIN_PASSWORD").ToList();
        foreach (var name in inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Atrium__DataDirectory"] = dataDirectory;
        start.Environment["Atrium__Auth__SigningKey"] = signingKey;
        // The image service refuses to start outside Development without a URL signing key.
        start.Environment["Atrium__Images__SigningKeys__0"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        // And so does the OAuth server without its RSA keys.
        start.Environment["Atrium__Identity__SigningKeys__0"] = NewRsaKey();
        start.Environment["Atrium__Identity__EncryptionKeys__0"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        start.Environment["Atrium__Database__MigrateOnStart"] = "true";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>A fresh RSA private key, base64 DER (PKCS#8), as an operator would configure one.</summary>
    public static string NewRsaKey()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
    }
}
