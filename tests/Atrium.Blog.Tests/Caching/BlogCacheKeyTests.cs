namespace Atrium.Blog.Tests.Caching;

/// <summary>List keys carry user input; two different filter combinations must never share one.</summary>
public sealed class BlogCacheKeyTests
{
    [Fact]
    public void Filters_that_concatenate_alike_get_different_keys()
    {
        var keys = new[]
        {
            BlogCache.ListKey("a|b", null, null, 20, 0),
            BlogCache.ListKey("a", "b", null, 20, 0),
            BlogCache.ListKey("a", null, "b", 20, 0),
            BlogCache.ListKey(null, "a|b", null, 20, 0),
            BlogCache.ListKey("-", null, null, 20, 0),
            BlogCache.ListKey(null, null, null, 20, 0),
            BlogCache.ListKey("1:a", null, null, 20, 0),
            BlogCache.ListKey(null, null, null, 2, 00),
            BlogCache.ListKey(null, null, null, 20, 20),
        };
        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void An_empty_filter_is_the_same_list_as_no_filter()
    {
        Assert.Equal(BlogCache.ListKey(null, null, null, 20, 0), BlogCache.ListKey("", "", "", 20, 0));
    }
}
