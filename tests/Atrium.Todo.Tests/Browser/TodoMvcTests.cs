using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Atrium.Todo.Tests.Browser;

/// <summary>The TodoMVC app spec in Chromium, every behaviour persisted through the API (checked by reloading).</summary>
public sealed class TodoMvcTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private IBrowserContext? context;
    private TodoPageModel todo = null!;

    public async Task InitializeAsync()
    {
        (context, var page) = await browser.OpenAsync();
        todo = new TodoPageModel(page);
    }

    public async Task DisposeAsync() => await context!.CloseAsync();

    [Fact]
    public async Task On_load_the_new_todo_input_is_focused_and_main_and_footer_are_hidden_without_todos()
    {
        await Expect(todo.NewTodo).ToBeFocusedAsync();
        await Expect(todo.Main).ToBeHiddenAsync();
        await Expect(todo.Footer).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Enter_adds_the_trimmed_todo_at_the_bottom_and_clears_the_input()
    {
        await todo.AddAsync("  buy milk  ", "walk the dog");
        await Expect(todo.Labels).ToHaveTextAsync(["buy milk", "walk the dog"]);
        await Expect(todo.NewTodo).ToHaveValueAsync("");
        await Expect(todo.Main).ToBeVisibleAsync();
        await Expect(todo.Footer).ToBeVisibleAsync();

        await todo.ReloadAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["buy milk", "walk the dog"]);
    }

    [Fact]
    public async Task An_empty_or_blank_new_todo_is_not_added()
    {
        await todo.AddAsync("first");
        await todo.NewTodo.FillAsync("   ");
        await todo.NewTodo.PressAsync("Enter");
        await todo.AddAsync("second");
        await Expect(todo.Labels).ToHaveTextAsync(["first", "second"]);
    }

    [Fact]
    public async Task The_counter_shows_active_items_pluralised_in_a_strong()
    {
        await todo.AddAsync("one");
        await Expect(todo.Count).ToHaveTextAsync("1 item left");
        await Expect(todo.Count.Locator("strong")).ToHaveTextAsync("1");
        await todo.AddAsync("two");
        await Expect(todo.Count).ToHaveTextAsync("2 items left");
        await todo.ToggleAsync(0);
        await todo.ToggleAsync(1);
        await Expect(todo.Count).ToHaveTextAsync("0 items left");
    }

    [Fact]
    public async Task Toggling_an_item_marks_it_completed_and_persists()
    {
        await todo.AddAsync("one", "two");
        await todo.ToggleAsync(0);
        await Expect(todo.Item(0)).ToHaveClassAsync("completed");
        await Expect(todo.Item(1)).Not.ToHaveClassAsync("completed");

        await todo.ReloadAsync();
        await Expect(todo.Item(0)).ToHaveClassAsync("completed");
        await Expect(todo.Item(0).Locator("input.toggle")).ToBeCheckedAsync();
        await todo.ToggleAsync(0);
        await Expect(todo.Item(0)).Not.ToHaveClassAsync("completed");
    }

    [Fact]
    public async Task Toggle_all_marks_every_item_and_follows_the_items_state()
    {
        await todo.AddAsync("one", "two", "three");
        await todo.ToggleAllLabel.ClickAsync();
        await Expect(todo.ToggleAll).ToBeCheckedAsync();
        await Expect(todo.Items.Locator("input.toggle:checked")).ToHaveCountAsync(3);
        await Expect(todo.Page.Locator(".todo-list li.completed")).ToHaveCountAsync(3);

        await todo.ToggleAllLabel.ClickAsync();
        await Expect(todo.Page.Locator(".todo-list li.completed")).ToHaveCountAsync(0);

        await todo.ToggleAsync(0);
        await todo.ToggleAsync(1);
        await Expect(todo.ToggleAll).Not.ToBeCheckedAsync();
        await todo.ToggleAsync(2);
        await Expect(todo.ToggleAll).ToBeCheckedAsync();

        await todo.ReloadAsync();
        await Expect(todo.ToggleAll).ToBeCheckedAsync();
    }

    [Fact]
    public async Task Double_clicking_a_label_edits_it_and_hides_the_other_controls()
    {
        await todo.AddAsync("original");
        await todo.Item(0).Locator("label").DblClickAsync();
        await Expect(todo.Item(0)).ToHaveClassAsync("editing");
        await Expect(todo.Item(0).Locator("input.edit")).ToBeFocusedAsync();
        await Expect(todo.Item(0).Locator("input.edit")).ToHaveValueAsync("original");
        await Expect(todo.Item(0).Locator("input.toggle")).ToBeHiddenAsync();
        await Expect(todo.Item(0).Locator("label")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Enter_saves_the_trimmed_edit()
    {
        await todo.AddAsync("original", "other");
        await todo.EditAsync(0, "  edited  ", "Enter");
        await Expect(todo.Labels).ToHaveTextAsync(["edited", "other"]);
        await Expect(todo.Item(0)).Not.ToHaveClassAsync("editing");
        await todo.ReloadAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["edited", "other"]);
    }

    [Fact]
    public async Task Leaving_the_edit_field_saves_it()
    {
        await todo.AddAsync("original");
        await todo.Item(0).Locator("label").DblClickAsync();
        await todo.Item(0).Locator("input.edit").FillAsync("blurred");
        await todo.NewTodo.ClickAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["blurred"]);
        await todo.ReloadAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["blurred"]);
    }

    [Fact]
    public async Task Escape_cancels_the_edit()
    {
        await todo.AddAsync("original");
        await todo.EditAsync(0, "never saved", "Escape");
        await Expect(todo.Labels).ToHaveTextAsync(["original"]);
        await Expect(todo.Item(0)).Not.ToHaveClassAsync("editing");
        await todo.ReloadAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["original"]);
    }

    [Fact]
    public async Task An_empty_edit_deletes_the_todo()
    {
        await todo.AddAsync("doomed", "kept");
        await todo.EditAsync(0, "   ", "Enter");
        await Expect(todo.Labels).ToHaveTextAsync(["kept"]);
        await todo.ReloadAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["kept"]);
    }

    [Fact]
    public async Task The_destroy_button_deletes_the_todo()
    {
        await todo.AddAsync("one", "two");
        await todo.Item(0).HoverAsync();
        await todo.Item(0).Locator("button.destroy").ClickAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["two"]);
        await todo.Item(0).HoverAsync();
        await todo.Item(0).Locator("button.destroy").ClickAsync();
        await Expect(todo.Main).ToBeHiddenAsync();
        await Expect(todo.Footer).ToBeHiddenAsync();
        await todo.ReloadAsync();
        await Expect(todo.Items).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Clear_completed_shows_only_with_completed_todos_and_removes_them()
    {
        await todo.AddAsync("one", "two", "three");
        await Expect(todo.ClearCompleted).ToBeHiddenAsync();
        await todo.ToggleAsync(0);
        await todo.ToggleAsync(2);
        await Expect(todo.ClearCompleted).ToBeVisibleAsync();
        await todo.ClearCompleted.ClickAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["two"]);
        await Expect(todo.ClearCompleted).ToBeHiddenAsync();
        await todo.ReloadAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["two"]);
    }

    [Fact]
    public async Task Filters_route_by_hash_mark_the_selected_one_survive_reload_and_follow_back_and_forward()
    {
        await todo.AddAsync("active one", "done one");
        await todo.ToggleAsync(1);
        await Expect(todo.Filter("All")).ToHaveClassAsync("selected");

        await todo.Filter("Active").ClickAsync();
        await Expect(todo.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/active$"));
        await Expect(todo.Labels).ToHaveTextAsync(["active one"]);
        await Expect(todo.Filter("Active")).ToHaveClassAsync("selected");
        await Expect(todo.Filter("All")).Not.ToHaveClassAsync("selected");

        await todo.Filter("Completed").ClickAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["done one"]);
        await Expect(todo.Filter("Completed")).ToHaveClassAsync("selected");

        await todo.ReloadAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["done one"]);
        await Expect(todo.Filter("Completed")).ToHaveClassAsync("selected");

        await todo.Page.GoBackAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["active one"]);
        await Expect(todo.Filter("Active")).ToHaveClassAsync("selected");
        await todo.Page.GoForwardAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["done one"]);

        await todo.Filter("All").ClickAsync();
        await Expect(todo.Labels).ToHaveTextAsync(["active one", "done one"]);
    }

    [Fact]
    public async Task The_page_renders_and_a_screenshot_is_kept_as_a_test_artefact()
    {
        await todo.AddAsync("Write the report", "Review the tests", "Ship it");
        await todo.ToggleAsync(1);
        var path = Path.Combine(BrowserFixture.ResultsDirectory(), "todo-page.png");
        await todo.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        var png = await File.ReadAllBytesAsync(path);
        Assert.True(png.Length > 1000, "The screenshot is (nearly) empty.");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        // Rendered, not just served: the styled heading has a real size.
        var heading = await todo.Page.Locator(".todoapp h1").BoundingBoxAsync();
        Assert.True(heading is { Height: > 40 }, "The heading is not laid out with the page's styles.");

        // Responsive: on a phone-sized screen nothing overflows sideways.
        await todo.Page.SetViewportSizeAsync(375, 740);
        await todo.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ResultsDirectory(), "todo-page-narrow.png"), FullPage = true });
        var overflow = await todo.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "The page scrolls sideways on a narrow screen.");
    }
}
