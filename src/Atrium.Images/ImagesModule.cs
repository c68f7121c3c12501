using Atrium.Images.Caching;
using Atrium.Images.Images;
using Atrium.Images.Processing;
using Atrium.Images.Storage;
using Atrium.Images.Transforms;
using Atrium.Platform.Health;
using Atrium.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Images;

/// <summary>
/// The image service: uploads (<c>/api/images</c>), transforms by signed URL (<c>/img/...</c>) through
/// libvips, a result cache and a bounded processing pool. Runs alone (Atrium.Images.Server) or inside
/// the all-in-one server.
/// </summary>
public static class ImagesModule
{
    public static IHostApplicationBuilder AddImages(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddModuleDbContext<ImagesDbContext, SqliteImagesDbContext, PostgresImagesDbContext>(ImagesDbContext.Schema);
        services.AddOptions<ImagesOptions>().BindConfiguration(ImagesOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImagesOptions>, ImagesOptionsValidator>();
        services.AddSingleton<UrlSigner>();
        services.AddSingleton<ImageUrls>();
        services.AddSingleton<ImagesTelemetry>();
        services.AddSingleton<ProcessingPool>();
        services.AddSingleton<ResultCache>();
        services.AddSingleton<ImageRenderer>();
        services.AddHostedService<ImagesAtStart>();
        services.AddSingleton<IImageStorage>(sp => CreateStorage(sp.GetRequiredService<IOptions<ImagesOptions>>().Value.Storage, builder));
        services.AddHttpContextAccessor();
        services.AddScoped<IAvatarImages, ImageAvatars>();
        services.AddBackgroundJob<RenderEagerPresets, RenderEagerPresetsArgs>(RenderEagerPresets.JobName, maxAttempts: 5);
        services.AddOutboxRelay<ImagesDbContext>();
        // Degraded, not unhealthy: in the all-in-one server the blog must stay ready while image storage is out.
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("images-storage", failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: [HealthEndpoints.Ready]);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ImagesJsonContext.Default));
        // libvips' operation cache would keep decoded images of past requests: results are cached here instead.
        NetVips.Cache.Max = 0;
        return builder;
    }

    public static IEndpointRouteBuilder MapImages(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ImagesOptions>>().Value;
        var api = endpoints.MapGroup("/api").RequireAuthorization().RequireScope(TokenScopes.Images).WithTags("Images");
        UploadImage.Map(api, options);
        GetImage.Map(api);
        GetOriginal.Map(api);
        DeleteImage.Map(api);
        RenderImage.Map(endpoints.MapGroup("").WithTags("Images"));
        return endpoints;
    }

    private static IImageStorage CreateStorage(ImageStorageOptions options, IHostApplicationBuilder builder) =>
        options.Provider == "S3"
            ? new S3ImageStorage(options)
            : new LocalImageStorage(string.IsNullOrWhiteSpace(options.LocalPath)
                ? Path.Combine(DataDirectory.Resolve(builder.Configuration, builder.Environment), "images")
                : Path.GetFullPath(options.LocalPath, builder.Environment.ContentRootPath));
}
