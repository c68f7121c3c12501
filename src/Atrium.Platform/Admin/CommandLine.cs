namespace Atrium.Platform.Admin;

/// <summary>
/// Where a command talks: the terminal for the executable, captured writers in tests.
/// <paramref name="InputIsTerminal"/>: someone types (hidden password prompt) rather than a pipe;
/// <paramref name="ErrorIsTerminal"/>: progress is a redrawn bar rather than a line per tenth.
/// </summary>
public sealed record CommandConsole(TextReader In, TextWriter Out, TextWriter Error, bool InputIsTerminal, bool ErrorIsTerminal)
{
    public static CommandConsole System => new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected, !Console.IsErrorRedirected);

    /// <summary>Captured input and output (tests, scripts): no prompts, progress as lines.</summary>
    public static CommandConsole Captured(TextReader input, TextWriter output, TextWriter error) => new(input, output, error, false, false);
}

/// <summary>
/// A command's <c>--name value</c> options and <c>--flag</c> switches. Host settings (<c>Key=Value</c>,
/// <c>--Key=Value</c>, <c>--urls x</c>, <c>--environment x</c>) are the host's and skipped; any other
/// unknown option is an error, so a typo never silently falls back to a default.
/// </summary>
public sealed class CommandArguments
{
    private static readonly HashSet<string> HostOptions = new(["urls", "environment", "contentRoot", "applicationName"], StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string?> options = new(StringComparer.OrdinalIgnoreCase);

    public CommandArguments(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> switches)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CommandException($"Unexpected argument '{arg}'.");
            }

            var name = arg[2..];
            if (switches.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                options[name] = null;
            }
            else if (valueOptions.Contains(name, StringComparer.OrdinalIgnoreCase) || HostOptions.Contains(name))
            {
                options[name] = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
            }
            else
            {
                var known = valueOptions.Concat(switches).Select(o => $"--{o}");
                throw new CommandException($"Unknown option '{arg}'. Options: {string.Join(", ", known)}.");
            }
        }
    }

    public bool Has(string name) => options.ContainsKey(name);

    public string? Get(string name) => options.TryGetValue(name, out var value) ? value : null;

    /// <summary>A required text option; throws <see cref="CommandException"/> naming the option when missing.</summary>
    public string Required(string name) =>
        string.IsNullOrWhiteSpace(Get(name)) ? throw new CommandException($"--{name} is required.") : Get(name)!;

    public int Count(string name, int fallback, int max)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= max
            ? n
            : throw new CommandException($"--{name} must be a whole number from 0 to {max}.");
    }
}

/// <summary>A command failed for a reason the operator can fix: printed as one line, exit code 1.</summary>
public sealed class CommandException(string message) : Exception(message);

/// <summary>
/// Progress on long work: a redrawn bar on a terminal, a line per tenth when the output is captured.
/// </summary>
public sealed class ProgressLine(CommandConsole console, string label, int total)
{
    private const int Width = 30;
    private int lastTenth = -1;

    public void Report(int done)
    {
        if (total <= 0)
        {
            return;
        }

        var fraction = Math.Clamp((double)done / total, 0, 1);
        if (console.ErrorIsTerminal)
        {
            var filled = (int)Math.Round(fraction * Width);
            console.Error.Write($"\r{label,-9} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}");
            if (done >= total)
            {
                console.Error.WriteLine();
            }

            return;
        }

        var tenth = (int)(fraction * 10);
        if (tenth != lastTenth)
        {
            lastTenth = tenth;
            console.Error.WriteLine($"{label}: {done}/{total} ({tenth * 10}%)");
        }
    }
}
