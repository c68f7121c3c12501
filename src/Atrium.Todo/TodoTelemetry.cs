using System.Diagnostics.Metrics;

namespace Atrium.Todo;

/// <summary>
/// The module's meter, <c>Atrium.Todo</c>: lists created (by kind: guest or owned), guest lists
/// claimed into accounts, and guest lists the expiry job deleted. Request rates and latencies come
/// from ASP.NET Core's own meters.
/// </summary>
public sealed class TodoTelemetry
{
    public const string Name = "Atrium.Todo";

    private readonly Counter<long> _created;
    private readonly Counter<long> _claimed;
    private readonly Counter<long> _expired;

    public TodoTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _created = meter.CreateCounter<long>("atrium.todo.lists.created", "{list}", "Todo lists created, by kind (guest, owned)");
        _claimed = meter.CreateCounter<long>("atrium.todo.lists.claimed", "{list}", "Guest lists claimed into an account");
        _expired = meter.CreateCounter<long>("atrium.todo.lists.expired", "{list}", "Guest lists deleted after going unused");
    }

    public void Created(bool guest) => _created.Add(1, new KeyValuePair<string, object?>("kind", guest ? "guest" : "owned"));

    public void Claimed() => _claimed.Add(1);

    public void Expired(int count) => _expired.Add(count);
}
