using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Caching;

public static class InvalidateOnFailure
{
    /// <summary>
    /// When a write endpoint ends in an exception, invalidates <paramref name="tags"/> anyway: the
    /// exception may have come after the commit (the client went away mid-commit and cancelled it,
    /// or the connection dropped before the commit was acknowledged), and then the handler never
    /// reached its own invalidation. An unneeded invalidation only costs a refill.
    /// </summary>
    public static TBuilder InvalidatesCacheOnFailure<TBuilder>(this TBuilder builder, Func<HttpContext, IReadOnlyList<string>> tags)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch when (!IsRead(context.HttpContext.Request.Method))
            {
                await context.HttpContext.RequestServices.GetRequiredService<AtriumCache>().InvalidateAsync(tags(context.HttpContext));
                throw;
            }
        });

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}
