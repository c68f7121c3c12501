using Atrium.Blog.Articles;
using Atrium.Blog.Comments;
using Atrium.Blog.Profiles;
using Atrium.Platform.Caching;
using Atrium.Platform.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Blog.GraphQL.Schema;

/// <summary>
/// The writes: each calls the REST slice's handler, so validation, ownership and events are the
/// same code. Each runs in its own DI scope (its own DbContext), a unit of work as one REST request
/// is; mutations of one document run one after the other.
/// </summary>
internal sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";

        Field<NonNullGraphType<UserType>>("updateUser")
            .Description("PUT /api/user: absent fields are kept.")
            .Argument<NonNullGraphType<UpdateUserInputType>>("input")
            .ResolveAsync(c => RunAsync(c, _ => [CacheTags.Profiles], async (s, caller) =>
            {
                var input = Input(c);
                var fields = new UpdateUserFields(Text(input, "email"), Text(input, "username"), Text(input, "password"),
                    Text(input, "bio"), Text(input, "image"));
                var result = await UpdateCurrentUser.HandleAsync(new UpdateUserRequest(fields), caller, s.GetRequiredService<AccountsDbContext>(),
                    s.GetRequiredService<PasswordHashing>(), s.GetRequiredService<TokenIssuer>(), s.GetRequiredService<RefreshTokens>(),
                    s.GetRequiredService<TimeProvider>(), s.GetRequiredService<AtriumCache>(), s.GetRequiredService<IAvatarImages>(), c.CancellationToken);
                return HandlerOutcome.Value<UserEnvelope>(result.Result).User;
            }));

        Field<NonNullGraphType<ArticleType>>("createArticle")
            .Argument<NonNullGraphType<CreateArticleInputType>>("input")
            .ResolveAsync(c => RunAsync(c, ArticleTags, async (s, caller) =>
            {
                var input = Input(c);
                var fields = new CreateArticleFields(Text(input, "title").Value, Text(input, "description").Value, Text(input, "body").Value,
                    Tags(input).Value);
                var result = await CreateArticle.HandleAsync(new CreateArticleRequest(fields), s.GetRequiredService<BlogDbContext>(), caller,
                    s.GetRequiredService<TimeProvider>(), s.GetRequiredService<AtriumCache>(), s.GetRequiredService<BlogTelemetry>(), c.CancellationToken);
                return ArticleNode.From(HandlerOutcome.Value<ArticleEnvelope>(result.Result).Article);
            }));

        Field<NonNullGraphType<ArticleType>>("updateArticle")
            .Description("Absent fields are kept; a new title gives a new slug.")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .Argument<NonNullGraphType<UpdateArticleInputType>>("input")
            .ResolveAsync(c => RunAsync(c, ArticleTags, async (s, caller) =>
            {
                var input = Input(c);
                var fields = new UpdateArticleFields(Text(input, "title"), Text(input, "description"), Text(input, "body"), Tags(input));
                var result = await UpdateArticle.HandleAsync(Slug(c), new UpdateArticleRequest(fields), s.GetRequiredService<BlogDbContext>(), caller,
                    s.GetRequiredService<TimeProvider>(), s.GetRequiredService<AtriumCache>(), c.CancellationToken);
                return ArticleNode.From(HandlerOutcome.Value<ArticleEnvelope>(result.Result).Article);
            }));

        Field<NonNullGraphType<BooleanGraphType>>("deleteArticle")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(c => RunAsync(c, ArticleTags, async (s, caller) =>
                HandlerOutcome.Done((await DeleteArticle.HandleAsync(Slug(c), s.GetRequiredService<BlogDbContext>(), caller,
                    s.GetRequiredService<AtriumCache>(), c.CancellationToken)).Result)));

        Field<NonNullGraphType<CommentType>>("addComment")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .Argument<NonNullGraphType<StringGraphType>>("body")
            .ResolveAsync(c => RunAsync(c, _ => [], async (s, caller) =>
            {
                var result = await AddComment.HandleAsync(Slug(c), new AddCommentRequest(new AddCommentFields(c.GetArgument<string>("body"))),
                    s.GetRequiredService<BlogDbContext>(), caller, s.GetRequiredService<TimeProvider>(), s.GetRequiredService<BlogTelemetry>(),
                    c.CancellationToken);
                return CommentNode.From(HandlerOutcome.Value<CommentEnvelope>(result.Result).Comment);
            }));

        Field<NonNullGraphType<BooleanGraphType>>("deleteComment")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .Argument<NonNullGraphType<LongGraphType>>("id")
            .ResolveAsync(c => RunAsync(c, _ => [], async (s, caller) =>
                HandlerOutcome.Done((await DeleteComment.HandleAsync(Slug(c), c.GetArgument<long>("id"), s.GetRequiredService<BlogDbContext>(),
                    caller, c.CancellationToken)).Result)));

        Field<NonNullGraphType<ArticleType>>("favoriteArticle")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(c => RunAsync(c, ArticleTags, async (s, caller) => ArticleNode.From(HandlerOutcome.Value<ArticleEnvelope>(
                (await FavoriteArticle.HandleAsync(Slug(c), s.GetRequiredService<BlogDbContext>(), caller, s.GetRequiredService<AtriumCache>(),
                    c.CancellationToken)).Result).Article)));

        Field<NonNullGraphType<ArticleType>>("unfavoriteArticle")
            .Argument<NonNullGraphType<StringGraphType>>("slug")
            .ResolveAsync(c => RunAsync(c, ArticleTags, async (s, caller) => ArticleNode.From(HandlerOutcome.Value<ArticleEnvelope>(
                (await UnfavoriteArticle.HandleAsync(Slug(c), s.GetRequiredService<BlogDbContext>(), caller, s.GetRequiredService<AtriumCache>(),
                    c.CancellationToken)).Result).Article)));

        Field<NonNullGraphType<ProfileType>>("followProfile")
            .Argument<NonNullGraphType<StringGraphType>>("username")
            .ResolveAsync(c => RunAsync(c, _ => [], async (s, caller) => HandlerOutcome.Value<ProfileEnvelope>(
                (await FollowProfile.HandleAsync(c.GetArgument<string>("username"), s.GetRequiredService<BlogDbContext>(), caller,
                    c.CancellationToken)).Result).Profile));

        Field<NonNullGraphType<ProfileType>>("unfollowProfile")
            .Argument<NonNullGraphType<StringGraphType>>("username")
            .ResolveAsync(c => RunAsync(c, _ => [], async (s, caller) => HandlerOutcome.Value<ProfileEnvelope>(
                (await UnfollowProfile.HandleAsync(c.GetArgument<string>("username"), s.GetRequiredService<BlogDbContext>(), caller,
                    c.CancellationToken)).Result).Profile));
    }

    /// <summary>
    /// Signed-in check, a fresh scope, and REST's invalidate-on-failure: a write that throws may still
    /// have committed, so the cache entries it touches are dropped anyway.
    /// </summary>
    private static async Task<object?> RunAsync<T>(
        IResolveFieldContext c, Func<string?, IReadOnlyList<string>> tagsOnFailure, Func<IServiceProvider, CurrentUser, Task<T>> write)
    {
        var caller = HandlerOutcome.SignedIn(c);
        await using var scope = c.RequestServices!.CreateAsyncScope();
        try
        {
            return await write(scope.ServiceProvider, caller);
        }
        catch (Exception e) when (e is not ExecutionError)
        {
            await scope.ServiceProvider.GetRequiredService<AtriumCache>().InvalidateAsync(tagsOnFailure(c.GetArgument<string?>("slug")));
            throw;
        }
    }

    private static IReadOnlyList<string> ArticleTags(string? slug) => slug is null ? BlogCache.ArticleWrite() : BlogCache.ArticleWrite(slug);

    private static string Slug(IResolveFieldContext c) => c.GetArgument<string>("slug");

    private static Dictionary<string, object?> Input(IResolveFieldContext c) => c.GetArgument<Dictionary<string, object?>>("input");

    /// <summary>Presence matters: an absent field is kept, an explicit null is passed on for the handler to judge.</summary>
    private static Optional<string> Text(Dictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) ? new Optional<string>(true, (string?)value) : default;

    private static Optional<string[]> Tags(Dictionary<string, object?> input) =>
        input.TryGetValue("tagList", out var value)
            ? new Optional<string[]>(true, value is IEnumerable<object?> list ? [.. list.Select(t => (string)t!)] : null)
            : default;
}

internal sealed class CreateArticleInputType : InputObjectGraphType
{
    public CreateArticleInputType()
    {
        Name = "CreateArticleInput";
        Field<NonNullGraphType<StringGraphType>>("title");
        Field<NonNullGraphType<StringGraphType>>("description");
        Field<NonNullGraphType<StringGraphType>>("body");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tagList");
    }
}

internal sealed class UpdateArticleInputType : InputObjectGraphType
{
    public UpdateArticleInputType()
    {
        Name = "UpdateArticleInput";
        Field<StringGraphType>("title");
        Field<StringGraphType>("description");
        Field<StringGraphType>("body");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tagList").Description("[] removes every tag");
    }
}

internal sealed class UpdateUserInputType : InputObjectGraphType
{
    public UpdateUserInputType()
    {
        Name = "UpdateUserInput";
        Field<StringGraphType>("email");
        Field<StringGraphType>("username");
        Field<StringGraphType>("password");
        Field<StringGraphType>("bio");
        Field<StringGraphType>("image");
    }
}

internal sealed class BlogSchema : global::GraphQL.Types.Schema
{
    public BlogSchema(IServiceProvider services, QueryType query, MutationType mutation) : base(services)
    {
        Query = query;
        Mutation = mutation;
        // Replaces the built-in DateTime scalar (same name) everywhere a DateTime appears.
        RegisterTypeMapping(typeof(DateTime), typeof(UtcDateTimeGraphType));
        RegisterType(new StorableStringGraphType());
        // Introspection reads the in-memory schema: the standard query GraphiQL sends is counted at
        // 1% (about 3,900), so it fits the default limit while depth still bounds it.
        this.WithIntrospectionComplexityImpact(0.01);
    }
}
