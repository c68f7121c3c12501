using Atrium.Blog.GraphQL.Loading;
using Atrium.Blog.Profiles;
using Atrium.Notifications.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.GraphQL.Schema;

internal sealed class ProfileType : ObjectGraphType<ProfileResponse>
{
    public ProfileType()
    {
        Name = "Profile";
        Field(p => p.Username);
        Field(p => p.Bio, nullable: true);
        Field(p => p.Image, nullable: true);
        Field(p => p.Following).Description("Whether the viewer follows this profile (false when anonymous).");
    }
}

internal sealed class ArticleType : ObjectGraphType<ArticleNode>
{
    public ArticleType()
    {
        Name = "Article";
        Field(a => a.Slug);
        Field(a => a.Title);
        Field(a => a.Description);
        Field<NonNullGraphType<StringGraphType>>("body")
            .Resolve(c => c.Source.Body is { } known ? known : c.Loaders().Body(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tagList").Resolve(c => c.Source.TagList);
        Field(a => a.CreatedAt);
        Field(a => a.UpdatedAt);
        Field(a => a.FavoritesCount);
        Field<NonNullGraphType<BooleanGraphType>>("favorited")
            .Resolve(c => c.Source.Favorited is { } known ? known : c.Loaders().Favorited(c.Source.Id));
        Field<NonNullGraphType<ProfileType>>("author")
            .Resolve(c => c.Source.Author is { } known ? known : c.Loaders().Profile(c.Source.AuthorId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CommentType>>>>("comments")
            .Description("Oldest first.")
            .Resolve(c => c.Loaders().Comments(c.Source.Slug));
    }
}

internal sealed class CommentType : ObjectGraphType<CommentNode>
{
    public CommentType()
    {
        Name = "Comment";
        Field(c => c.Id);
        Field(c => c.CreatedAt);
        Field(c => c.UpdatedAt);
        Field(c => c.Body);
        Field<NonNullGraphType<ProfileType>>("author")
            .Resolve(c => c.Source.Author is { } known ? known : c.Loaders().Profile(c.Source.AuthorId));
    }
}

internal sealed class ArticlePageType : ObjectGraphType<ArticlePage>
{
    public ArticlePageType()
    {
        Name = "ArticlePage";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ArticleType>>>>("articles")
            .WithComplexityImpact(1, 1) // the page field has multiplied already, by its limit
            .Resolve(c => c.Source.Articles);
        Field(p => p.ArticlesCount).Description("All articles matching the filters, not only this page.");
    }
}

internal sealed class ArticleEdgeType : ObjectGraphType<ArticleEdge>
{
    public ArticleEdgeType()
    {
        Name = "ArticleEdge";
        Field(e => e.Cursor);
        Field<NonNullGraphType<ArticleType>>("node").Resolve(c => c.Source.Node);
    }
}

internal sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(p => p.HasNextPage);
        Field(p => p.HasPreviousPage);
        Field(p => p.StartCursor, nullable: true);
        Field(p => p.EndCursor, nullable: true);
    }
}

internal sealed class ArticleConnectionType : ObjectGraphType<ArticleConnection>
{
    public ArticleConnectionType()
    {
        Name = "ArticleConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ArticleEdgeType>>>>("edges")
            .WithComplexityImpact(1, 1) // the connection field has multiplied already, by first
            .Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field(p => p.TotalCount);
    }
}

internal sealed class UserType : ObjectGraphType<UserResponse>
{
    public UserType()
    {
        Name = "User";
        Field(u => u.Email);
        Field(u => u.Token).Description("A fresh access token, as REST's GET /api/user returns.");
        Field(u => u.Username);
        Field(u => u.Bio, nullable: true);
        Field(u => u.Image, nullable: true);
    }
}

internal sealed class NotificationType : ObjectGraphType<NotificationResponse>
{
    public NotificationType()
    {
        Name = "Notification";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(n => n.Type);
        Field(n => n.Message);
        Field<NonNullGraphType<NotificationActorType>>("actor").Resolve(c => c.Source.Actor);
        Field(n => n.ArticleSlug, nullable: true);
        Field(n => n.CreatedAt);
        Field(n => n.ReadAt, nullable: true);
    }
}

internal sealed class NotificationActorType : ObjectGraphType<NotificationActor>
{
    public NotificationActorType()
    {
        Name = "NotificationActor";
        Field(a => a.Username);
    }
}

internal sealed class NotificationPageType : ObjectGraphType<NotificationsEnvelope>
{
    public NotificationPageType()
    {
        Name = "NotificationPage";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationType>>>>("notifications").Resolve(c => c.Source.Notifications);
        Field(p => p.NotificationsCount);
        Field(p => p.UnreadCount);
    }
}

internal static class ResolveContextExtensions
{
    public static BlogLoaders Loaders(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<BlogLoaders>();

    public static T Service<T>(this IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();
}
