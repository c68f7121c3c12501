using Atrium.Platform.Admin;
using Atrium.Platform.Hosting;
using Atrium.Testing;

namespace Atrium.Platform.Tests.Admin;

/// <summary>What a command printed and returned.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Error);

/// <summary>Runs admin commands through the executable's own entry (<see cref="AtriumCommands.RunCommandAsync"/>) against a test app.</summary>
public static class Commands
{
    public static async Task<CommandRun> RunAsync(this AtriumApp app, string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AtriumCommands.RunCommandAsync(
            app.Services, args, CommandConsole.Captured(new StringReader(stdin), output, error), CancellationToken.None);
        return new CommandRun(code, output.ToString(), error.ToString());
    }

    public static async Task<CommandRun> RunOkAsync(this AtriumApp app, string stdin, params string[] args)
    {
        var run = await app.RunAsync(stdin, args);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)} exited {run.ExitCode}: {run.Error}");
        return run;
    }

    /// <summary>Registers a user over the API and makes it an administrator with <c>create-admin</c>.</summary>
    public static async Task<TestUser> AdminAsync(this AtriumApp app)
    {
        var user = await app.RegisterAsync("admin");
        await app.RunOkAsync("", "create-admin", "--username", user.Username);
        return user;
    }
}
