using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Atrium.Todo.Tests.Browser;

/// <summary>Accounts on the page: sign up (claiming the guest list), sign in, sign out, several lists, two users apart.</summary>
public sealed class AccountTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "password123";

    [Fact]
    public async Task Signing_up_claims_the_guest_list_and_signing_out_leaves_a_fresh_guest_page()
    {
        var (context, page) = await browser.OpenAsync();
        await using var _ = context;
        var todo = new TodoPageModel(page);
        await todo.AddAsync("made as a guest");
        await Expect(page.Locator(".account .who")).ToHaveTextAsync("Guest list: sign up to keep it");

        var username = await SignUpAsync(page);
        await Expect(page.Locator(".account .username")).ToHaveTextAsync(username);
        await Expect(todo.Labels).ToHaveTextAsync(["made as a guest"]);

        await page.Locator("button.sign-out").ClickAsync();
        await Expect(page.Locator("button.show-sign-in")).ToBeVisibleAsync();
        await Expect(todo.Items).ToHaveCountAsync(0);
        await Expect(page.Locator(".account .who")).ToHaveTextAsync("Not signed in");
    }

    [Fact]
    public async Task Signing_in_again_shows_the_users_lists_and_a_bad_password_shows_an_error()
    {
        var (first, page) = await browser.OpenAsync();
        var username = await SignUpAsync(page);
        await new TodoPageModel(page).AddAsync("remembered");
        await first.CloseAsync();

        var (second, again) = await browser.OpenAsync();
        await using var _ = second;
        await SignInAsync(again, $"{username}@example.com", "wrong-password");
        await Expect(again.Locator(".auth-error")).ToContainTextAsync("credentials");
        await SignInAsync(again, $"{username}@example.com", Password);
        await Expect(again.Locator(".account .username")).ToHaveTextAsync(username);
        await Expect(new TodoPageModel(again).Labels).ToHaveTextAsync(["remembered"]);
    }

    [Fact]
    public async Task A_user_keeps_several_lists_and_switches_between_them()
    {
        var (context, page) = await browser.OpenAsync();
        await using var _ = context;
        var todo = new TodoPageModel(page);
        await SignUpAsync(page);
        await todo.AddAsync("in the first list");

        await page.Locator("button.new-list").ClickAsync();
        await Expect(page.Locator("body[data-ready] .list-select option")).ToHaveCountAsync(2);
        await Expect(todo.Items).ToHaveCountAsync(0);
        await todo.AddAsync("in the second list");

        var firstList = await page.Locator(".list-select option").Nth(1).GetAttributeAsync("value");
        await page.Locator(".list-select").SelectOptionAsync(firstList!);
        await Expect(todo.Labels).ToHaveTextAsync(["in the first list"]);
    }

    [Fact]
    public async Task Two_users_never_see_each_others_lists()
    {
        var (aliceContext, alice) = await browser.OpenAsync();
        var (bobContext, bob) = await browser.OpenAsync();
        await using var a = aliceContext;
        await using var b = bobContext;
        await SignUpAsync(alice, "alice");
        await new TodoPageModel(alice).AddAsync("alice's secret");
        await SignUpAsync(bob, "bob");
        await new TodoPageModel(bob).AddAsync("bob's own");

        await bob.ReloadAsync();
        await Expect(new TodoPageModel(bob).Labels).ToHaveTextAsync(["bob's own"]);
        await Expect(bob.Locator(".list-select option")).ToHaveCountAsync(1);
        await Expect(bob.Locator("body")).Not.ToContainTextAsync("alice's secret");

        // Even with Alice's list id in the address, Bob gets his own page, never her todos.
        var aliceList = await alice.Locator("body").GetAttributeAsync("data-list-id");
        await bob.GotoAsync($"/todo/?list={aliceList}");
        await Expect(new TodoPageModel(bob).Labels).ToHaveTextAsync(["bob's own"]);
        await alice.ReloadAsync();
        await Expect(new TodoPageModel(alice).Labels).ToHaveTextAsync(["alice's secret"]);
    }

    private static async Task<string> SignUpAsync(IPage page, string prefix = "page")
    {
        var username = Atrium.Testing.Api.Unique(prefix);
        await page.Locator("button.show-sign-up").ClickAsync();
        await page.Locator(".auth-username").FillAsync(username);
        await page.Locator(".auth-email").FillAsync($"{username}@example.com");
        await page.Locator(".auth-password").FillAsync(Password);
        await page.Locator(".auth-submit").ClickAsync();
        // The page reloads signed in; wait until its script runs there too, not just its first paint.
        await Expect(page.Locator("body[data-ready] .account .username")).ToHaveTextAsync(username);
        return username;
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.Locator("button.show-sign-in").ClickAsync();
        await page.Locator(".auth-email").FillAsync(email);
        await page.Locator(".auth-password").FillAsync(password);
        await page.Locator(".auth-submit").ClickAsync();
    }
}
