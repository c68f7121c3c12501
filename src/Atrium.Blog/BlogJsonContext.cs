using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Blog.Articles;
using Atrium.Blog.Comments;
using Atrium.Blog.Profiles;
using Atrium.Blog.Tags;

namespace Atrium.Blog;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ArticleEnvelope))]
[JsonSerializable(typeof(ArticlesEnvelope))]
[JsonSerializable(typeof(CreateArticleRequest))]
[JsonSerializable(typeof(UpdateArticleRequest))]
[JsonSerializable(typeof(CommentEnvelope))]
[JsonSerializable(typeof(CommentsEnvelope))]
[JsonSerializable(typeof(AddCommentRequest))]
[JsonSerializable(typeof(ProfileEnvelope))]
[JsonSerializable(typeof(TagsEnvelope))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(CachedArticle))]
[JsonSerializable(typeof(CachedProfile))]
internal sealed partial class BlogJsonContext : JsonSerializerContext;
