using System.ComponentModel.DataAnnotations;

namespace Atrium.Platform.Hosting;

public sealed class HttpLimitsOptions
{
    public const string SectionName = "Atrium:Http";

    /// <summary>Largest request body the API reads. JSON requests are small; uploads set their own limit.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
