using Atrium.Notifications.Consumers;
using Atrium.Notifications.Notifications;
using Atrium.Notifications.Realtime;
using Atrium.Platform.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Atrium.Notifications;

/// <summary>
/// Notifications: stored by event consumers (follows, comments, favorites) and read by their
/// recipient. Knows the other modules only through the platform's integration events.
/// </summary>
public static class NotificationsModule
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.AddModuleDbContext<NotificationsDbContext, SqliteNotificationsDbContext, PostgresNotificationsDbContext>(NotificationsDbContext.Schema);
        builder.Services.AddSingleton<NotificationsTelemetry>();
        builder.Services.AddSingleton<NotificationPush>();
        builder.Services.AddEventConsumer<UserFollowed, NotifyFollowed>(NotifyFollowed.Endpoint);
        builder.Services.AddEventConsumer<CommentAdded, NotifyCommented>(NotifyCommented.Endpoint);
        builder.Services.AddEventConsumer<ArticleFavorited, NotifyFavorited>(NotifyFavorited.Endpoint);
        builder.Services.AddEventConsumer<CommentAdded, StreamComment>(StreamComment.Endpoint);
        builder.Services.AddInboxPruning<NotificationsDbContext>("notifications");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, NotificationsJsonContext.Default));
        builder.Services.Configure<JsonHubProtocolOptions>(o => o.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, NotificationsJsonContext.Default));
        return builder;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization().RequireScope(TokenScopes.Blog).WithTags("Notifications");
        ListNotifications.Map(api);
        MarkNotificationRead.Map(api);
        MarkAllNotificationsRead.Map(api);
        endpoints.MapAtriumHub<NotificationsHub>("notifications");
        endpoints.MapAtriumHub<CommentsHub>("comments", allowAnonymous: true);
        return endpoints;
    }
}
