using System.Text;
using Atrium.Platform.Messaging;
using Atrium.Platform.Messaging.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Platform.Admin;

/// <summary>
/// <c>create-admin --username U --email E</c>: creates an administrator, or promotes the existing account
/// named U. The password of a new account never comes from the command line (it would sit in the shell
/// history and the process list): it is read from <c>ATRIUM_ADMIN_PASSWORD</c>, from standard input
/// (<c>--password-stdin</c>, or whenever input is piped), or typed at a hidden prompt.
/// </summary>
public static class CreateAdminCommand
{
    public const string PasswordVariable = "ATRIUM_ADMIN_PASSWORD";

    public static async Task<int> RunAsync(IServiceProvider services, CommandArguments args, CommandConsole console, CancellationToken ct)
    {
        var username = args.Required("username");
        if (AccountRules.CheckUsername(username) is { } usernameError)
        {
            throw new CommandException($"--username {usernameError}.");
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime.TruncateToMilliseconds();
        var normalized = AccountUser.Normalize(username);
        var existing = await db.Users.FirstOrDefaultAsync(u => u.NormalizedUsername == normalized, ct);
        if (existing is not null)
        {
            var email = args.Get("email");
            if (!string.IsNullOrWhiteSpace(email) && AccountUser.Normalize(email) != existing.NormalizedEmail)
            {
                throw new CommandException($"An account named '{existing.Username}' exists with another e-mail address; not promoting it.");
            }

            // Making someone an administrator also lifts a disable: the operator wants a working admin.
            var wasDisabled = existing.DisabledAt is not null;
            existing.IsAdmin = true;
            existing.DisabledAt = null;
            existing.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            await console.Out.WriteLineAsync(wasDisabled
                ? $"'{existing.Username}' is now an administrator (and enabled again)."
                : $"'{existing.Username}' is now an administrator.");
            return 0;
        }

        var newEmail = args.Required("email");
        if (AccountRules.CheckEmail(newEmail) is { } emailError)
        {
            throw new CommandException($"--email {emailError}.");
        }

        var password = await ReadPasswordAsync(args, console);
        if (AccountRules.CheckPassword(password) is { } passwordError)
        {
            throw new CommandException($"The password {passwordError}.");
        }

        var user = AccountUser.Create(username, newEmail, scope.ServiceProvider.GetRequiredService<PasswordHashing>().Hash(password!), now, isAdmin: true);
        if (await RegisterUser.TakenFieldAsync(db, user, ct) is { } taken)
        {
            throw new CommandException($"That {taken} is already taken by another account.");
        }

        db.Users.Add(user);
        // Same event as a sign-up, so the other modules (notifications) learn about the account too.
        db.AddEvent(new UserRegistered(user.Id, user.Username, user.Email));
        await db.SaveChangesAsync(ct);
        await console.Out.WriteLineAsync($"Administrator '{user.Username}' created.");
        return 0;
    }

    private static async Task<string?> ReadPasswordAsync(CommandArguments args, CommandConsole console)
    {
        if (!args.Has("password-stdin") && Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (args.Has("password-stdin") || !console.InputIsTerminal)
        {
            return (await console.In.ReadLineAsync())?.TrimEnd('\r');
        }

        // A terminal: prompt twice without echoing.
        var first = ReadHidden(console, "Password: ");
        var second = ReadHidden(console, "Password (again): ");
        return first == second ? first : throw new CommandException("The passwords do not match.");
    }

    private static string ReadHidden(CommandConsole console, string prompt)
    {
        console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
