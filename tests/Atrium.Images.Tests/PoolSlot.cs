using Atrium.Images.Processing;
using Microsoft.Extensions.DependencyInjection;

namespace Atrium.Images.Tests;

/// <summary>Occupies one of the processing pool's slots until disposed: work behind it waits (or is refused) for certain.</summary>
internal sealed class PoolSlot : IDisposable
{
    private readonly ManualResetEventSlim _release;
    private readonly Task _holding;

    private PoolSlot(ManualResetEventSlim release, Task holding) => (_release, _holding) = (release, holding);

    public static async Task<PoolSlot> HoldAsync(IServiceProvider services)
    {
        var pool = services.GetRequiredService<ProcessingPool>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new ManualResetEventSlim();
        var holding = pool.TryRunAsync(_ =>
        {
            entered.SetResult();
            release.Wait(CancellationToken.None);
            return true;
        }, CancellationToken.None);
        await entered.Task;
        return new PoolSlot(release, holding);
    }

    public void Dispose()
    {
        _release.Set();
        _holding.GetAwaiter().GetResult();
        _release.Dispose();
    }
}
