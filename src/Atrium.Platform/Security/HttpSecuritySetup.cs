using Atrium.Platform.Hosting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Security;

/// <summary>HTTPS redirection, HSTS, security headers and CORS (open on <c>/api</c> only).</summary>
public static class HttpSecuritySetup
{
    public static WebApplicationBuilder AddAtriumHttpSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HttpSecurityOptions>().BindConfiguration(HttpSecurityOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHsts(_ => { });
        services.AddOptions<HstsOptions>().Configure<IOptions<HttpSecurityOptions>>((hsts, http) =>
        {
            hsts.MaxAge = http.Value.HstsMaxAge;
            hsts.IncludeSubDomains = http.Value.HstsIncludeSubDomains;
        });

        // Origins from configuration; unset means any origin in Development and none elsewhere.
        var cors = builder.Configuration.GetSection(ApiCorsOptions.SectionName).Get<ApiCorsOptions>() ?? new ApiCorsOptions();
        var origins = cors.AllowedOrigins.Length > 0 ? cors.AllowedOrigins
            : builder.Environment.IsDevelopment() ? ["*"] : [];
        services.AddCors(o => o.AddDefaultPolicy(policy => ConfigureCors(policy, origins)));
        return builder;
    }

    private static void ConfigureCors(CorsPolicyBuilder policy, string[] origins)
    {
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(origins);
        }

        policy.AllowAnyHeader().AllowAnyMethod().SetPreflightMaxAge(TimeSpan.FromHours(1));
    }

    /// <summary>First in the pipeline (after forwarded headers), so every answer carries the headers.</summary>
    public static WebApplication UseAtriumHttpSecurity(this WebApplication app)
    {
        var http = app.Services.GetRequiredService<IOptions<HttpSecurityOptions>>().Value;
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (http.Hsts && !app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        if (http.HttpsRedirect)
        {
            app.UseHttpsRedirection();
        }

        return app;
    }

    /// <summary>CORS for the API routes only (REST and GraphQL): the admin pages, docs and health endpoints never answer other origins.</summary>
    public static WebApplication UseAtriumCors(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api") || c.Request.Path.StartsWithSegments("/graphql"), api => api.UseCors());
        return app;
    }
}
