using Atrium.Blog;
using Atrium.Blog.GraphQL;
using Atrium.Identity;
using Atrium.Images;
using Atrium.Notifications;
using Atrium.Platform.Hosting;
using Atrium.Todo;
using Atrium.Weather;

var builder = WebApplication.CreateBuilder(args);

// The platform: configuration, JSON, errors, accounts and tokens, OpenAPI, health.
builder.AddAtriumPlatform();

// The modules.
builder.AddBlog();
builder.AddBlogGraphQL();
builder.AddNotifications();
builder.AddTodo();
builder.AddImages();
builder.AddWeather();
builder.AddAuthorizationServer();

var app = builder.Build();

app.UseAtriumPlatform();
app.MapBlog();
app.MapBlogGraphQL();
app.MapNotifications();
app.MapTodo();
app.MapImages();
app.MapWeather();
app.MapAuthorizationServer();

return await app.RunAtriumAsync(args);

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
