using Atrium.Blog.Articles;
using Atrium.Blog.Comments;
using Atrium.Blog.Profiles;
using Atrium.Blog.Tags;
using Atrium.Notifications.Data;
using Atrium.Notifications.Notifications;
using Atrium.Platform.Caching;
using GraphQL.Validation.Complexity;

namespace Atrium.Blog.GraphQL.Schema;

/// <summary>
/// The reads. Single items go through the REST handlers (same cache, same answers); lists use the
/// REST filters and paging rules, with per-article parts batched by the loaders.
/// </summary>
internal sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";

        Field<NonNullGraphType<ArticlePageType>>("articles")
            .Description("Newest first, filtered and paged as GET /api/articles.")
            .Arguments(FilterArguments())
            .Argument<IntGraphType>("limit", "1 to 100, default 20")
            .Argument<IntGraphType>("offset", "0 or more")
            .WithComplexityImpact(PageImpact)
            .ResolveAsync(async c =>
            {
                var paging = CheckPaging(c);
                return await ArticleReads.PageAsync(Filtered(c), paging, c.CancellationToken);
            });

        Field<NonNullGraphType<ArticleConnectionType>>("articlesConnection")
            .Description("The same list as a Relay-style connection, paged forward by cursor.")
            .Arguments(FilterArguments())
            .Argument<IntGraphType>("first", "1 to 100, default 20")
            .Argument<StringGraphType>("after", "the endCursor of the previous page")
            .WithComplexityImpact(c => PageImpact(c, "first"))
            .ResolveAsync(async c =>
            {
                var first = c.GetArgument<int?>("first");
                var afterText = c.GetArgument<string?>("after");
                var after = afterText is null ? null : Cursor.Decode(afterText);
                var invalid = ValidationFailed.From(
                    ("first", first is < 1 or > Paging.MaxLimit ? $"must be between 1 and {Paging.MaxLimit}" : null),
                    ("after", afterText is not null && after is null ? "is not a cursor from this API" : null));
                if (invalid is not null)
                {
                    throw new ApiExecutionError(invalid);
                }

                return await ArticleReads.ConnectionAsync(Filtered(c), first ?? Paging.DefaultLimit, after, c.CancellationToken);
            });

        Field<ArticleType>("article")
            .Description("Null when no article has this slug.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(async c =>
            {
                var result = await GetArticle.HandleAsync(c.GetArgument<string>("slug"), c.Service<BlogDbContext>(),
                    Caller(c), c.Service<AtriumCache>(), c.CancellationToken);
                return result.Result is NotFoundError ? null : ArticleNode.From(HandlerOutcome.Value<ArticleEnvelope>(result.Result).Article);
            });

        Field<ProfileType>("profile")
            .Description("Null when no user has this name.")
            .Argument<NonNullGraphType<StringGraphType>>("username")
            .ResolveAsync(async c =>
            {
                var result = await GetProfile.HandleAsync(c.GetArgument<string>("username"), c.Service<BlogDbContext>(),
                    Caller(c), c.Service<AtriumCache>(), c.CancellationToken);
                return result.Result is NotFoundError ? null : HandlerOutcome.Value<ProfileEnvelope>(result.Result).Profile;
            });

        Field<ListGraphType<NonNullGraphType<CommentType>>>("comments")
            .Description("An article's comments, oldest first; null when no article has this slug.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(async c =>
            {
                var result = await ListComments.HandleAsync(c.GetArgument<string>("slug"), c.Service<BlogDbContext>(), Caller(c), c.CancellationToken);
                return result.Result is NotFoundError
                    ? null
                    : HandlerOutcome.Value<CommentsEnvelope>(result.Result).Comments.Select(CommentNode.From).ToList();
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags")
            .Description("Tags in use, most used first.")
            .ResolveAsync(async c => (await ListTags.HandleAsync(c.Service<AtriumCache>(), c.CancellationToken)).Value!.Tags);

        Field<ViewerType>("viewer")
            .Description("The signed-in user (Authorization: Token …); null when anonymous.")
            .Resolve(c => Caller(c) is { IsAuthenticated: true } caller ? caller : null);
    }

    /// <summary>A page's articles cost as many times their fields as the page may hold.</summary>
    internal static FieldComplexityResult PageImpact(FieldImpactContext context) => PageImpact(context, "limit");

    private static FieldComplexityResult PageImpact(FieldImpactContext context, string argument)
    {
        // Arguments is null when the field has none in the query (GetArgument would throw then).
        var size = context.Arguments is { } args && args.TryGetValue(argument, out var value) && value.Value is int n ? n : Paging.DefaultLimit;
        return new(1, Math.Clamp(size, 1, Paging.MaxLimit));
    }

    internal static CurrentUser Caller(IResolveFieldContext c) => CurrentUser.From(c.User!);

    internal static Paging CheckPaging(IResolveFieldContext c)
    {
        var (paging, invalid) = Paging.From(c.GetArgument<int?>("limit"), c.GetArgument<int?>("offset"));
        return invalid is null ? paging! : throw new ApiExecutionError(invalid);
    }

    private static IQueryable<Article> Filtered(IResolveFieldContext c) =>
        ListArticles.Filter(c.Service<BlogDbContext>(), c.GetArgument<string?>("tag"), c.GetArgument<string?>("author"), c.GetArgument<string?>("favorited"));

    private static QueryArguments FilterArguments() => new(
        new QueryArgument<StringGraphType> { Name = "tag", Description = "articles with this tag" },
        new QueryArgument<StringGraphType> { Name = "author", Description = "articles by this username" },
        new QueryArgument<StringGraphType> { Name = "favorited", Description = "articles this username favorited" });
}

internal sealed class ViewerType : ObjectGraphType<CurrentUser>
{
    public ViewerType()
    {
        Name = "Viewer";

        Field<NonNullGraphType<UserType>>("user").ResolveAsync(async c =>
        {
            var result = await GetCurrentUser.HandleAsync(c.Source, c.Service<AccountsDbContext>(), c.Service<TokenIssuer>(), c.CancellationToken);
            return HandlerOutcome.Value<UserEnvelope>(result.Result).User;
        });

        Field<NonNullGraphType<ArticlePageType>>("feed")
            .Description("Articles by the authors the viewer follows, newest first (GET /api/articles/feed).")
            .Argument<IntGraphType>("limit")
            .Argument<IntGraphType>("offset")
            .WithComplexityImpact(QueryType.PageImpact)
            .ResolveAsync(async c =>
            {
                var paging = QueryType.CheckPaging(c);
                return await ArticleReads.PageAsync(GetFeed.Followed(c.Service<BlogDbContext>(), c.Source.RequiredId), paging, c.CancellationToken);
            });

        Field<NonNullGraphType<NotificationPageType>>("notifications")
            .Description("The viewer's notifications, newest first (GET /api/notifications).")
            .Argument<IntGraphType>("limit")
            .Argument<IntGraphType>("offset")
            .Argument<BooleanGraphType>("unread")
            .ResolveAsync(async c =>
            {
                // The Notifications module's own slice: its rules and its tables stay its own.
                var result = await ListNotifications.HandleAsync(c.GetArgument<int?>("limit"), c.GetArgument<int?>("offset"),
                    c.GetArgument<bool?>("unread"), c.Service<NotificationsDbContext>(), c.Source, c.CancellationToken);
                return HandlerOutcome.Value<NotificationsEnvelope>(result.Result);
            });
    }
}
