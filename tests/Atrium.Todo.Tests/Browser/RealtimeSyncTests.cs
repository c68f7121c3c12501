using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Atrium.Todo.Tests.Browser;

/// <summary>
/// Two open pages of one list stay in sync without a reload: each page's realtime.js joins the list on
/// <c>/hubs/todo-lists</c> and reloads the todos when the other page changes them.
/// </summary>
public sealed class RealtimeSyncTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "password123";

    [Fact]
    public async Task Two_tabs_of_a_guest_list_see_each_others_changes()
    {
        var (context, page) = await browser.OpenAsync();
        await using var _ = context;
        var first = new TodoPageModel(page);
        // The first todo creates the guest list (and its cookie), so a second tab opens the same list.
        await first.AddAsync("buy milk");
        await Expect(page.Locator("body[data-realtime=joined]")).ToHaveCountAsync(1);
        var second = new TodoPageModel(await OpenTabAsync(context));
        await Expect(second.Labels).ToHaveTextAsync(["buy milk"]);

        await first.AddAsync("walk the dog");
        await Expect(second.Labels).ToHaveTextAsync(["buy milk", "walk the dog"]);
        await second.ToggleAsync(0);
        await Expect(first.Item(0)).ToHaveClassAsync("completed");
        await Expect(first.Count).ToHaveTextAsync("1 item left");
        await first.EditAsync(1, "walk the cat", "Enter");
        await Expect(second.Labels).ToHaveTextAsync(["buy milk", "walk the cat"]);
        await second.ClearCompleted.ClickAsync();
        await Expect(first.Labels).ToHaveTextAsync(["walk the cat"]);
    }

    [Fact]
    public async Task Two_devices_signed_in_to_one_account_see_each_others_changes()
    {
        var (laptopContext, laptop) = await browser.OpenAsync();
        await using var _ = laptopContext;
        var (phoneContext, phone) = await browser.OpenAsync();
        await using var __ = phoneContext;
        var username = Atrium.Testing.Api.Unique("sync");
        await laptop.Locator("button.show-sign-up").ClickAsync();
        await laptop.Locator(".auth-username").FillAsync(username);
        await laptop.Locator(".auth-email").FillAsync($"{username}@example.com");
        await laptop.Locator(".auth-password").FillAsync(Password);
        await laptop.Locator(".auth-submit").ClickAsync();
        await Expect(laptop.Locator("body[data-ready] .account .username")).ToHaveTextAsync(username);
        var onLaptop = new TodoPageModel(laptop);
        await onLaptop.AddAsync("from the laptop");
        await phone.Locator("button.show-sign-in").ClickAsync();
        await phone.Locator(".auth-email").FillAsync($"{username}@example.com");
        await phone.Locator(".auth-password").FillAsync(Password);
        await phone.Locator(".auth-submit").ClickAsync();
        await Expect(phone.Locator("body[data-ready] .account .username")).ToHaveTextAsync(username);
        var onPhone = new TodoPageModel(phone);
        await Expect(onPhone.Labels).ToHaveTextAsync(["from the laptop"]);
        await Expect(laptop.Locator("body[data-realtime=joined]")).ToHaveCountAsync(1);
        await Expect(phone.Locator("body[data-realtime=joined]")).ToHaveCountAsync(1);

        await onPhone.AddAsync("from the phone");
        await Expect(onLaptop.Labels).ToHaveTextAsync(["from the laptop", "from the phone"]);
        await onLaptop.Item(1).HoverAsync();
        await onLaptop.Item(1).Locator("button.destroy").ClickAsync();
        await Expect(onPhone.Labels).ToHaveTextAsync(["from the laptop"]);
    }

    private static async Task<IPage> OpenTabAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/todo/");
        await Expect(page.Locator("body[data-ready][data-realtime=joined]")).ToHaveCountAsync(1);
        return page;
    }
}
