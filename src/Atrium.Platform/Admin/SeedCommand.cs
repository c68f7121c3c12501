using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Admin;

/// <summary>
/// <c>seed --users N --articles N</c>: demo accounts signed up through the registration slice, then each
/// module's <see cref="IDemoDataSeeder"/> (the blog: articles, comments, favorites, follows through its
/// own slices). Every seeded account's password is <c>--password</c> (default <see cref="DefaultPassword"/>).
/// </summary>
public static class SeedCommand
{
    public const string DefaultPassword = "demo-password";
    public const int MaxUsers = 100_000;
    public const int MaxArticles = 1_000_000;

    public static async Task<int> RunAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken ct)
    {
        var users = args.Count("users", 10, MaxUsers);
        var articles = args.Count("articles", 50, MaxArticles);
        var password = args.Get("password") is { Length: > 0 } given ? given : DefaultPassword;
        if (AccountRules.CheckPassword(password) is { } passwordError)
        {
            throw new CommandException($"--password {passwordError}.");
        }

        if (articles > 0 && users == 0)
        {
            throw new CommandException("Articles need authors: pass --users 1 or more.");
        }

        var random = args.Has("random-seed") ? new Random(args.Count("random-seed", 0, int.MaxValue)) : new Random();
        var userIds = await SeedUsersAsync(services, users, password, random, console, ct);
        foreach (var seeder in services.GetServices<IDemoDataSeeder>())
        {
            var progress = new ProgressLine(console, seeder.Label, articles);
            progress.Report(0);
            await seeder.SeedAsync(new DemoSeed(userIds, articles, random), new InlineProgress(progress.Report), ct);
        }

        await console.Out.WriteLineAsync($"Seeded {users} users and {articles} articles. Seeded accounts sign in with password '{password}'.");
        return 0;
    }

    private static async Task<List<Guid>> SeedUsersAsync(
        IServiceProvider services, int count, string password, Random random, CommandConsole console, CancellationToken ct)
    {
        var ids = new List<Guid>(count);
        var progress = new ProgressLine(console, "users", count);
        progress.Report(0);
        var attempts = 0;
        while (ids.Count < count)
        {
            if (++attempts > count * 10 + 10)
            {
                throw new CommandException("Could not find free usernames for the demo accounts.");
            }

            var username = DemoText.Username(random);
            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<AccountsDbContext>();
            var result = await RegisterUser.HandleAsync(
                new RegisterUserRequest(new RegisterUserFields(username, $"{username}@example.com", password)),
                db, sp.GetRequiredService<PasswordHashing>(), sp.GetRequiredService<TokenIssuer>(),
                sp.GetRequiredService<RefreshTokens>(), sp.GetRequiredService<TimeProvider>(), ct);
            switch (result.Result)
            {
                case Created<UserEnvelope>:
                    var normalized = AccountUser.Normalize(username);
                    ids.Add(await db.Users.Where(u => u.NormalizedUsername == normalized).Select(u => u.Id).SingleAsync(ct));
                    progress.Report(ids.Count);
                    break;
                case ConflictError:
                    continue; // the random name is taken: draw another
                default:
                    throw new CommandException($"Registering the demo account '{username}' failed.");
            }
        }

        return ids;
    }

    private sealed class InlineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
