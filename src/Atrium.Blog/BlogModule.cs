using Atrium.Blog.Articles;
using Atrium.Blog.Comments;
using Atrium.Blog.Exports;
using Atrium.Blog.Profiles;
using Atrium.Blog.Seeding;
using Atrium.Blog.Tags;
using Atrium.Platform.Admin;
using Atrium.Platform.Jobs;
using Atrium.Platform.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Blog;

/// <summary>The blog (RealWorld "Conduit" API): the module's only front door.</summary>
public static class BlogModule
{
    public static IHostApplicationBuilder AddBlog(this IHostApplicationBuilder builder)
    {
        builder.AddModuleDbContext<BlogDbContext, SqliteBlogDbContext, PostgresBlogDbContext>(BlogDbContext.Schema);
        builder.Services.AddOutboxRelay<BlogDbContext>();
        builder.Services.AddSingleton<BlogTelemetry>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BlogJsonContext.Default));
        builder.Services.AddBackgroundJob<ExportArticlesJob, ExportArticlesArgs>(ExportArticlesJob.Name, maxAttempts: 3);
        builder.Services.AddDemoDataSeeder<BlogDemoSeeder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBlog(this IEndpointRouteBuilder endpoints)
    {
        // Signed-in by default; the read endpoints opt out with AllowAnonymous.
        var api = endpoints.MapGroup("/api").RequireAuthorization().RequireScope(TokenScopes.Blog);

        var profiles = api.MapGroup("").WithTags("Profiles");
        GetProfile.Map(profiles);
        FollowProfile.Map(profiles);
        UnfollowProfile.Map(profiles);

        var articles = api.MapGroup("").WithTags("Articles");
        ListArticles.Map(articles);
        GetFeed.Map(articles);
        GetArticle.Map(articles);
        CreateArticle.Map(articles);
        UpdateArticle.Map(articles);
        DeleteArticle.Map(articles);
        ExportArticles.Map(api.MapGroup("").WithTags("Exports"));

        var favorites = api.MapGroup("").WithTags("Favorites");
        FavoriteArticle.Map(favorites);
        UnfavoriteArticle.Map(favorites);

        var comments = api.MapGroup("").WithTags("Comments");
        ListComments.Map(comments);
        AddComment.Map(comments);
        DeleteComment.Map(comments);

        ListTags.Map(api.MapGroup("").WithTags("Tags"));
        return endpoints;
    }
}
