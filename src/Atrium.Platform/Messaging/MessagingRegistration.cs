using Microsoft.Extensions.Configuration;
using Atrium.Platform.Messaging.Events;
using MassTransit;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Platform.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// The bus (MassTransit): RabbitMQ when <c>ConnectionStrings:RabbitMQ</c> is set, in-process
    /// otherwise; one receive endpoint per registered <see cref="IEventConsumer{TEvent}"/>, each
    /// with exponential retries and then its <c>_error</c> queue.
    /// </summary>
    public static IHostApplicationBuilder AddAtriumMessaging(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<MessagingTelemetry>();
        services.TryAddSingleton<OutboxSignal>();
        services.AddSingleton<IInterceptor, OutboxCommitInterceptor>();

        var rabbitMq = builder.Configuration.GetConnectionString(MessagingOptions.ConnectionStringName);
        services.AddMassTransit(x =>
        {
            // MassTransit 8.5 reports usage to its vendor by default; a server calls nobody it was not told to.
            x.DisableUsageTelemetry();
            // Readiness must not follow the broker: while it is down the outbox absorbs the events.
            x.ConfigureHealthCheckOptions(h =>
            {
                h.Tags.Clear();
                h.Tags.Add("messaging");
            });
            if (string.IsNullOrWhiteSpace(rabbitMq))
            {
                x.UsingInMemory((context, bus) => ConfigureEndpoints(context, bus));
            }
            else
            {
                var uri = new Uri(rabbitMq);
                x.UsingRabbitMq((context, bus) =>
                {
                    bus.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), VirtualHost(uri), h =>
                    {
                        var (user, password) = Credentials(uri);
                        h.Username(user);
                        h.Password(password);
                        // MassTransit's default, stated: a publish completes only once the broker confirmed it.
                        h.PublisherConfirmation = true;
                    });
                    ConfigureEndpoints(context, bus);
                });
            }
        });
        return builder;
    }

    /// <summary>Relays <typeparamref name="TContext"/>'s outbox (its model must call <see cref="Outbox.AddOutbox"/>).</summary>
    public static IServiceCollection AddOutboxRelay<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddHostedService<OutboxRelay<TContext>>();
        return services;
    }

    /// <summary>Subscribes <typeparamref name="TConsumer"/> to <typeparamref name="TEvent"/> on its own queue, <paramref name="endpoint"/>.</summary>
    public static IServiceCollection AddEventConsumer<TEvent, TConsumer>(this IServiceCollection services, string endpoint)
        where TEvent : IntegrationEvent
        where TConsumer : class, IEventConsumer<TEvent>
    {
        services.AddScoped<TConsumer>();
        services.AddSingleton(EventConsumerAdapter<TEvent, TConsumer>.Registration(endpoint));
        return services;
    }

    private static void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator bus)
    {
        var options = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
        foreach (var handler in context.GetServices<EventConsumerRegistration>())
        {
            bus.ReceiveEndpoint(handler.Endpoint, e =>
            {
                e.UseMessageRetry(r => r.Exponential(
                    options.RetryLimit, options.RetryMinInterval, options.RetryMaxInterval, options.RetryIntervalDelta));
                handler.Configure(e, context);
            });
        }
    }

    private static string VirtualHost(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return path.Length == 0 ? "/" : path;
    }

    private static (string User, string Password) Credentials(Uri uri)
    {
        var parts = uri.UserInfo.Split(':', 2);
        return parts[0].Length == 0
            ? ("guest", "guest")
            : (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
