using Atrium.Platform.Data;

namespace Atrium.Platform.Tests.Data;

public sealed class StorableTextTests
{
    [Theory]
    [InlineData("plain", true)]
    [InlineData("emoji 😀 and ünïcödé", true)]
    [InlineData("nul\0inside", false)]
    [InlineData("lone \ud800 high", false)]
    [InlineData("lone \udc00 low", false)]
    [InlineData("ends high \ud800", false)]
    public void Detects_text_a_database_cannot_store(string value, bool storable) =>
        Assert.Equal(storable, StorableText.IsStorable(value));
}
