using Atrium.Platform.RateLimiting;
using Atrium.Platform.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Atrium.Platform.Jobs;
using Atrium.Platform.Mail;
using Microsoft.Extensions.Options;
using Atrium.Platform.Accounts.WebSessions;
using Atrium.Platform.Accounts.ExternalSignIn;

namespace Atrium.Platform.Accounts;

/// <summary>Accounts and tokens: the front door every module's users come through.</summary>
public static class AccountsModule
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.AddModuleDbContext<AccountsDbContext, SqliteAccountsDbContext, PostgresAccountsDbContext>(AccountsDbContext.Schema);
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton(sp => new SigningKey(
            sp.GetRequiredService<IOptions<AuthOptions>>().Value, builder.Configuration, builder.Environment));
        builder.Services.AddSingleton<PasswordHashing>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddScoped<RefreshTokens>();
        builder.Services.TryAddSingleton<IAvatarImages, NoAvatarImages>();
        builder.Services.AddBackgroundJob<SendPasswordResetMail, PasswordResetMailArgs>(SendPasswordResetMail.JobName, maxAttempts: 5);
        builder.AddAtriumMail();
        builder.Services.AddTokenAuthentication();
        builder.AddWebSessions();
        builder.AddExternalSignIn();
        builder.Services.AddOutboxRelay<AccountsDbContext>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Accounts").RequireAuthorization();
        // Signing up and in: stricter per-IP limits against credential stuffing and sign-up floods.
        var signIn = api.MapGroup("").RequireRateLimiting(RateLimitPolicies.Auth)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ErrorBody), ["application/json"]));
        RegisterUser.Map(signIn);
        LoginUser.Map(signIn);
        GetCurrentUser.Map(api);
        UpdateCurrentUser.Map(api);
        RefreshSession.Map(signIn);
        Logout.Map(api);
        // Resetting: the strictest per-IP limit (each request sends a mail; confirmations guess tokens).
        var reset = api.MapGroup("").RequireRateLimiting(RateLimitPolicies.PasswordReset)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ErrorBody), ["application/json"]));
        RequestPasswordReset.Map(reset);
        ConfirmPasswordReset.Map(reset);
        // Administration: signed-in administrators only (403 in the error shape for everyone else).
        var admin = endpoints.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AdminPolicy.Name)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ErrorBody), ["application/json"]));
        DisableUser.Map(admin);
        endpoints.MapWebSessions();
        endpoints.MapExternalSignIn();
        return endpoints;
    }
}
