using Atrium.Platform.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
        builder.Services.AddTokenAuthentication();
        builder.Services.AddOutboxRelay<AccountsDbContext>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Accounts").RequireAuthorization();
        RegisterUser.Map(api);
        LoginUser.Map(api);
        GetCurrentUser.Map(api);
        UpdateCurrentUser.Map(api);
        return endpoints;
    }
}
