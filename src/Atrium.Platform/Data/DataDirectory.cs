using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Atrium.Platform.Data;

/// <summary>The local folder for embedded data (SQLite file, development signing key); created on first use.</summary>
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
}
