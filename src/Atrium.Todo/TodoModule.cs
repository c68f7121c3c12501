using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.Jobs;
using Atrium.Platform.Realtime;
using Atrium.Todo.Lists;
using Atrium.Todo.Page;
using Atrium.Todo.Realtime;
using Atrium.Todo.Todos;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Todo;

/// <summary>
/// The todo app: a Todo-Backend-compatible API per list (<c>/api/todo-lists/{listId}/todos</c>) and
/// the TodoMVC page at <c>/todo/</c>, which reaches the same slices through its own same-origin routes.
/// </summary>
public static class TodoModule
{
    /// <summary>
    /// Open CORS, without credentials, for the list API: the Todo-Backend runner is another origin,
    /// and these routes authenticate by capability URL or bearer token only, never by cookie, so
    /// another origin gains nothing a plain HTTP client would not have.
    /// </summary>
    public const string CorsPolicy = "todo-backend";

    public static IHostApplicationBuilder AddTodo(this IHostApplicationBuilder builder)
    {
        builder.AddModuleDbContext<TodoDbContext, SqliteTodoDbContext, PostgresTodoDbContext>(TodoDbContext.Schema);
        builder.Services.AddOptions<TodoOptions>().BindConfiguration(TodoOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.OAuthClientId is null || o.OAuthAuthority is { IsAbsoluteUri: true },
                "Atrium:Todo:OAuthAuthority (the authorization server's absolute URL) is required when Atrium:Todo:OAuthClientId is set.")
            .ValidateOnStart();
        builder.Services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        var cron = builder.Configuration[$"{TodoOptions.SectionName}:{nameof(TodoOptions.ExpiryCron)}"] ?? new TodoOptions().ExpiryCron;
        builder.Services.AddRecurringJob<ExpireGuestLists>(ExpireGuestLists.Name, cron);
        builder.Services.AddScoped<IWebSessionListener, ClaimGuestListOnSignIn>();
        builder.Services.AddSingleton<TodoTelemetry>();
        builder.Services.AddHttpClient(OAuthSignIn.HttpClientName);
        builder.Services.AddTransient<IStartupFilter, PrivateNetworkPreflight>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, TodoJsonContext.Default));
        return builder;
    }

    public static IEndpointRouteBuilder MapTodo(this IEndpointRouteBuilder endpoints)
    {
        // The API: bearer tokens (the platform's default scheme) or a guest list's capability id.
        var api = endpoints.MapGroup("/api/todo-lists").RequireAuthorization().RequireScope(TokenScopes.Todo).RequireCors(CorsPolicy).WithTags("Todo");
        MapLists(api, page: false);

        // The page's own routes: the browser session cookie with antiforgery, same origin only.
        var page = endpoints.MapGroup("/todo").RequireWebSession().WithMetadata(new TodoGuestCookie.PageRoute());
        TodoPage.Map(page);
        OAuthSignIn.Map(page);
        MapLists(page.MapGroup("/api/lists"), page: true);
        endpoints.MapAtriumHub<TodoListHub>("todo-lists", allowAnonymous: true);
        return endpoints;
    }

    private static void MapLists(RouteGroupBuilder lists, bool page)
    {
        string? Name(string slice) => page ? null : slice;
        lists.AddEndpointFilter(TodoListChanges.PublishAfterWriteAsync);
        CreateTodoList.Map(lists, Name(nameof(CreateTodoList)));
        ListTodoLists.Map(lists, Name(nameof(ListTodoLists)));
        RenameTodoList.Map(lists, Name(nameof(RenameTodoList)));
        DeleteTodoList.Map(lists, Name(nameof(DeleteTodoList)));
        ClaimTodoList.Map(lists, Name(nameof(ClaimTodoList)));
        ListTodos.Map(lists, Name(nameof(ListTodos)));
        CreateTodo.Map(lists, Name(nameof(CreateTodo)));
        ClearTodos.Map(lists, Name(nameof(ClearTodos)));
        GetTodo.Map(lists, Name(nameof(GetTodo)));
        UpdateTodo.Map(lists, Name(nameof(UpdateTodo)));
        DeleteTodo.Map(lists, Name(nameof(DeleteTodo)));
    }
}
