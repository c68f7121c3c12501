using System.Text.RegularExpressions;

namespace Atrium.Testing;

/// <summary>
/// One real RabbitMQ node per test process, started on first use by
/// <c>scripts/rabbitmq-throwaway.sh</c> (about 10 s) and stopped when the process exits. Tests
/// isolate themselves by virtual host: <see cref="CreateVirtualHostAsync"/> makes a fresh one
/// each, <see cref="DeleteVirtualHostAsync"/> removes it with its queues and exchanges.
/// </summary>
/// <remarks>
/// Set <c>ATRIUM_TEST_RABBITMQ</c> to an <c>amqp://user:password@host:port/vhost</c> URI to use an
/// existing server instead. Virtual hosts are managed without the management plugin, through
/// <c>rabbitmqctl</c>: for the throwaway node, with that node's settings; for an existing server,
/// the <c>rabbitmqctl</c> on PATH with this process's environment, which must reach that node
/// (as it does for the local system service when run as root).
/// </remarks>
public sealed partial class RabbitMqServer
{
    public const string UriVariable = "ATRIUM_TEST_RABBITMQ";

    // Parallel test assemblies pick ports independently, so a port can be taken between our
    // probe and the node's bind: retry with a new one.
    private const int StartAttempts = 3;
    private const string OwnerVariable = "RABBITMQ_THROWAWAY_OWNER_PID";

    private static readonly Lazy<Task<RabbitMqServer>> Shared =
        new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _script;
    private readonly string? _directory;
    private int _stopped;

    private RabbitMqServer(Uri uri, string? script, string? directory)
    {
        Uri = uri;
        _script = script;
        _directory = directory;
    }

    /// <summary>
    /// The URI (user and password included) of the server's own virtual host, <c>atrium</c> on the
    /// throwaway node: shared by every caller of this process.
    /// </summary>
    public Uri Uri { get; }

    /// <summary>The process-wide server, started once, on first call.</summary>
    public static Task<RabbitMqServer> SharedAsync() => Shared.Value;

    /// <summary>
    /// Creates an empty virtual host named after <paramref name="prefix"/> plus a unique suffix,
    /// on which <see cref="Uri"/>'s user has every permission.
    /// </summary>
    /// <returns><see cref="Uri"/> with the new virtual host in place of its own.</returns>
    public async Task<Uri> CreateVirtualHostAsync(string prefix = "test", CancellationToken ct = default)
    {
        var name = NewVirtualHostName(prefix);
        await CtlAsync(["add_vhost", name], ct);
        try
        {
            await CtlAsync(["set_permissions", "-p", name, UserName(Uri), ".*", ".*", ".*"], ct);
        }
        catch
        {
            await CtlAsync(["delete_vhost", name], CancellationToken.None);
            throw;
        }

        return new UriBuilder(Uri) { Path = "/" + Uri.EscapeDataString(name) }.Uri;
    }

    /// <summary>
    /// Deletes a virtual host made by <see cref="CreateVirtualHostAsync"/>, with everything in it;
    /// the server closes connections still open to it.
    /// </summary>
    public async Task DeleteVirtualHostAsync(Uri virtualHostUri, CancellationToken ct = default)
    {
        var name = Uri.UnescapeDataString(virtualHostUri.AbsolutePath.TrimStart('/'));
        if (!GeneratedName().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a virtual host made by {nameof(CreateVirtualHostAsync)}; refusing to delete it.",
                nameof(virtualHostUri));
        }

        await CtlAsync(["delete_vhost", name], ct);
    }

    // Lowercase letters, digits, '_' and '-': up to 24 from the prefix, then a 32-digit unique
    // suffix. Nothing in it needs escaping in a URI path.
    private static string NewVirtualHostName(string prefix)
    {
        var cleaned = new string([.. prefix.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-')]);
        if (cleaned.Length > 24)
        {
            cleaned = cleaned[..24];
        }

        if (cleaned.Length == 0)
        {
            cleaned = "test";
        }

        return $"{cleaned}-{Guid.NewGuid():N}";
    }

    [GeneratedRegex("^[a-z0-9_-]{1,24}-[0-9a-f]{32}$")]
    private static partial Regex GeneratedName();

    private static string UserName(Uri uri)
    {
        var user = uri.UserInfo.Split(':', 2)[0];
        return user.Length == 0 ? "guest" : Uri.UnescapeDataString(user);
    }

    /// <summary>
    /// A node of this caller's own, for a test that stops and starts the broker (the shared node
    /// must stay up for everyone else). Always a throwaway node; <see cref="StopNode"/> ends it.
    /// </summary>
    public static Task<RabbitMqServer> StartDedicatedAsync() => StartThrowawayAsync();

    /// <summary>Stops the broker application (connections drop, the port closes); the node and its data stay.</summary>
    public Task StopBrokerAsync(CancellationToken ct = default) => CtlAsync(["stop_app"], ct);

    /// <summary>Starts the broker application again after <see cref="StopBrokerAsync"/>, with its users, queues and messages.</summary>
    public async Task StartBrokerAsync(CancellationToken ct = default)
    {
        await CtlAsync(["start_app"], ct);
        await CtlAsync(["await_startup"], ct);
    }

    /// <summary>Runs <c>rabbitmqctl -q ARGS</c> against the node and returns what it printed (e.g. <c>list_channels</c>).</summary>
    public Task<string> QueryAsync(IReadOnlyList<string> arguments, CancellationToken ct = default) => CtlAsync(arguments, ct);

    private async Task<string> CtlAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        // -q: no "Adding vhost ..." chatter; only errors are worth showing.
        var result = _script is not null && _directory is not null
            ? await ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["ctl", _directory, "-q", .. arguments], ct)
            : await ThrowawayScript.RunAsync("rabbitmqctl", ["-q", .. arguments], ct: ct);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed, {result}");
        }

        return result.Stdout;
    }

    private static async Task<RabbitMqServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(UriVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            // Fail here, with the variable's name, rather than in some test's first connection.
            if (!Uri.TryCreate(external, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            {
                throw new InvalidOperationException($"{UriVariable} must be an amqp:// or amqps:// URI.");
            }

            return new RabbitMqServer(uri, script: null, directory: null);
        }

        return await StartThrowawayAsync();
    }

    private static async Task<RabbitMqServer> StartThrowawayAsync()
    {
        var script = ThrowawayScript.PathOf("rabbitmq-throwaway.sh");
        var failures = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("atrium-rabbitmq-").FullName;
            var port = FreePort.Next();
            var result = await ThrowawayScript.RunScriptAsync(script, OwnerVariable, ["start", directory, port.ToString()]);
            if (result.Succeeded && Uri.TryCreate(result.Stdout.Trim(), UriKind.Absolute, out var uri))
            {
                var server = new RabbitMqServer(uri, script, directory);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopNode();
                return server;
            }

            failures.Add($"attempt {attempt} (port {port}) {result}");
            await ThrowawayScript.RunScriptAsync(script, OwnerVariable, ["stop", directory]);
        }

        throw new InvalidOperationException(
            $"Could not start a throwaway RabbitMQ node with {script}. Run scripts/ensure-deps.sh, " +
            $"or set {UriVariable} to a server's amqp:// URI.\n" +
            string.Join("\n", failures));
    }

    /// <summary>Stops a throwaway node and deletes its files (also done when the test process exits).</summary>
    public void StopNode()
    {
        if (_script is null || _directory is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // ProcessExit handlers cannot await; block briefly. If this fails, the script's watchdog
        // stops the node once this process is gone.
        ThrowawayScript.RunScriptAsync(_script, OwnerVariable, ["stop", _directory]).GetAwaiter().GetResult();
    }
}
