using Atrium.Platform.Data;

namespace Atrium.Platform.Tests.Data;

public sealed class StorableTextTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("emoji 😀 and ünïcödé")]
    public void Ordinary_text_is_storable(string value) => Assert.True(StorableText.IsStorable(value));

    // Built in code: xunit's test-case serialization would turn lone surrogates into U+FFFD.
    [Theory]
    [InlineData("nul", 0x0000, "inside")]
    [InlineData("lone high ", 0xD800, " then text")]
    [InlineData("lone low ", 0xDC00, "")]
    [InlineData("ends high ", 0xD800, "")]
    public void Nul_and_lone_surrogates_are_not(string before, int code, string after) =>
        Assert.False(StorableText.IsStorable(before + (char)code + after));
}
