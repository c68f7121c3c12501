namespace Atrium.Platform.Hosting;

/// <summary>Refuses query values no database can compare against (NUL characters) with a 400.</summary>
public sealed class QueryTextGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (key, values) in context.Request.Query)
        {
            if (!StorableText.IsStorable(key) || values.Any(v => !StorableText.IsStorable(v)))
            {
                await ErrorResponses.WriteClientErrorAsync(context, StatusCodes.Status400BadRequest, ErrorBody.For("request", $"query {StorableText.Problem}"));
                return;
            }
        }

        await next(context);
    }
}
