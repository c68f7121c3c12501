using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Atrium.Todo.Tests.Browser;

/// <summary>The TodoMVC page as a user drives it, by the app spec's DOM contract.</summary>
public sealed class TodoPageModel(IPage page)
{
    public IPage Page => page;

    public ILocator NewTodo => page.Locator("input.new-todo");

    public ILocator Items => page.Locator(".todo-list li");

    public ILocator Labels => page.Locator(".todo-list li label");

    public ILocator Main => page.Locator("section.main");

    public ILocator Footer => page.Locator("footer.footer");

    public ILocator Count => page.Locator("span.todo-count");

    public ILocator ToggleAll => page.Locator("input.toggle-all");

    /// <summary>What a user clicks to toggle all: the checkbox's label (the checkbox itself is visually hidden).</summary>
    public ILocator ToggleAllLabel => page.Locator("label[for=toggle-all]");

    public ILocator ClearCompleted => page.Locator("button.clear-completed");

    public ILocator Filter(string name) => page.Locator(".filters a", new() { HasTextString = name });

    public ILocator Item(int index) => Items.Nth(index);

    /// <summary>Types a todo and presses Enter, then waits until it is listed (saved by the API).</summary>
    public async Task AddAsync(params string[] titles)
    {
        foreach (var title in titles)
        {
            var before = await Items.CountAsync();
            await NewTodo.FillAsync(title);
            await NewTodo.PressAsync("Enter");
            await Expect(Items).ToHaveCountAsync(before + 1);
        }
    }

    public async Task ToggleAsync(int index) => await Item(index).Locator("input.toggle").ClickAsync();

    public async Task EditAsync(int index, string text, string key)
    {
        await Item(index).Locator("label").DblClickAsync();
        var edit = Item(index).Locator("input.edit");
        await Expect(edit).ToBeFocusedAsync();
        await edit.FillAsync(text);
        await edit.PressAsync(key);
    }

    public async Task ReloadAsync()
    {
        await page.ReloadAsync();
        await Expect(NewTodo).ToBeFocusedAsync();
    }
}
