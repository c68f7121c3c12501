using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Atrium.Platform.Data;

/// <summary>The local folder for embedded data (SQLite file, development keys); created on first use.</summary>
public static class DataDirectory
{
    public const string ConfigurationKey = "Atrium:DataDirectory";

    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[ConfigurationKey];
        var folder = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "data")
            : Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// A development secret kept in <paramref name="folder"/>: the file's text when it is there and
    /// <paramref name="valid"/>, else a new one from <paramref name="create"/>, written owner-only from its
    /// first byte (no moment in which another user could read it) and moved into place whole, so that two
    /// processes starting together on one folder end up with one secret.
    /// </summary>
    public static string ReadOrCreateSecret(string folder, string fileName, Func<string> create, Func<string, bool>? valid = null)
    {
        var path = Path.Combine(folder, fileName);
        var replacing = false;
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (valid is null || valid(existing))
            {
                return existing;
            }

            replacing = true;
        }

        var secret = create();
        var temporary = Path.Combine(folder, $".{fileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(secret);
        }

        try
        {
            File.Move(temporary, path, overwrite: replacing);
            return secret;
        }
        catch (IOException) when (!replacing && File.Exists(path))
        {
            // Another process wrote it first: theirs is the secret.
            File.Delete(temporary);
            return File.ReadAllText(path).Trim();
        }
    }
}
