using Atrium.Blog.Articles;

namespace Atrium.Blog.Tests.Articles;

public class SlugsTests
{
    [Theory]
    [InlineData("How to train your dragon", "how-to-train-your-dragon")]
    [InlineData("  Café   crème!! ", "café-crème")]
    [InlineData("Cafe\u0301", "cafe")]
    [InlineData("C# & .NET 10", "c-net-10")]
    [InlineData("!!!", "article")]
    [InlineData("Привет мир", "привет-мир")]
    public void Titles_become_lowercase_hyphenated_slugs(string title, string slug) => Assert.Equal(slug, Slugs.FromTitle(title));

    [Fact]
    public void Long_titles_are_cut_to_a_bounded_slug() => Assert.True(Slugs.FromTitle(new string('a', 1000)).Length <= 80);

    [Fact]
    public void A_suffix_makes_a_distinct_slug() => Assert.NotEqual(Slugs.WithSuffix("x"), Slugs.WithSuffix("x"));

    [Fact]
    public void Tags_are_trimmed_deduplicated_and_sorted()
    {
        var (tags, error) = ArticleRules.NormalizeTags([" b", "a", "b "]);
        Assert.Null(error);
        Assert.Equal(["a", "b"], tags!);
    }

    [Fact]
    public void Too_many_tags_are_refused() =>
        Assert.NotNull(ArticleRules.NormalizeTags([.. Enumerable.Range(0, ArticleRules.MaxTags + 1).Select(i => $"t{i}")]).Error);
}
