using Atrium.Platform.Accounts;

namespace Atrium.Platform.Tests.Accounts;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("jake", true)]
    [InlineData("jake_the-dog.2", true)]
    [InlineData("", false)]
    [InlineData(" padded ", false)]
    [InlineData("has/slash", false)]
    [InlineData("tab\there", false)]
    public void Usernames(string username, bool valid) => Assert.Equal(valid, AccountRules.CheckUsername(username) is null);

    [Theory]
    [InlineData("a@b.c", true)]
    [InlineData("no-at-sign", false)]
    [InlineData("two@@b.c", false)]
    [InlineData("@b.c", false)]
    [InlineData("a b@c.d", false)]
    public void Emails(string email, bool valid) => Assert.Equal(valid, AccountRules.CheckEmail(email) is null);

    [Theory]
    [InlineData("1234567", false)]
    [InlineData("12345678", true)]
    [InlineData("bonjour1", true)]
    public void Passwords_need_eight_characters_and_nothing_else(string password, bool valid) =>
        Assert.Equal(valid, AccountRules.CheckPassword(password) is null);

    [Theory]
    [InlineData("https://example.com/a.jpg", true)]
    [InlineData("http://example.com/a.jpg", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:image/png;base64,AAAA", false)]
    [InlineData("/relative.jpg", false)]
    public void Images_are_http_urls(string image, bool valid) => Assert.Equal(valid, AccountRules.CheckImage(image) is null);
}
