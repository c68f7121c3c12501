namespace Atrium.Platform.Hosting;

public sealed class ApiCorsOptions
{
    public const string SectionName = "Atrium:Cors";

    /// <summary>
    /// Origins whose pages may call the API. "*" (the default) suits a token API: credentials travel
    /// in the Authorization header, never in cookies, so no origin can ride on a visitor's session.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = ["*"];
}
