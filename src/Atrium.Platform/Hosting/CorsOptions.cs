namespace Atrium.Platform.Hosting;

public sealed class ApiCorsOptions
{
    public const string SectionName = "Atrium:Cors";

    /// <summary>
    /// Origins whose pages may call the API (<c>/api</c> and <c>/graphql</c> only). Unset: any origin in Development,
    /// none elsewhere. "*" is safe for a token API (credentials travel in the Authorization header,
    /// never in cookies, so no origin can ride on a visitor's session) but must be chosen explicitly.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}
