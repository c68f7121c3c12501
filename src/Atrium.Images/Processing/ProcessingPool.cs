using Microsoft.Extensions.Options;

namespace Atrium.Images.Processing;

/// <summary>
/// A bounded pool for libvips work: <see cref="ImagesOptions.EffectiveConcurrency"/> run at once, up to
/// <see cref="ImagesOptions.EffectiveQueueLength"/> wait; past that a request is refused at once (429),
/// as imgproxy does, instead of piling up memory and latency.
/// </summary>
public sealed class ProcessingPool : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxWaiting;
    private int _waiting;

    public ProcessingPool(IOptions<ImagesOptions> options, ImagesTelemetry telemetry)
    {
        _slots = new SemaphoreSlim(options.Value.EffectiveConcurrency);
        _maxWaiting = options.Value.EffectiveQueueLength;
        telemetry.QueueDepth = () => Volatile.Read(ref _waiting);
    }

    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Runs <paramref name="work"/> on a slot; false when the queue is full.</summary>
    /// <exception cref="OperationCanceledException">The token fired while waiting or working.</exception>
    public async Task<(bool Accepted, T? Result)> TryRunAsync<T>(Func<CancellationToken, T> work, CancellationToken ct)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            if (Interlocked.Increment(ref _waiting) > _maxWaiting)
            {
                Interlocked.Decrement(ref _waiting);
                return (false, default);
            }

            try
            {
                await _slots.WaitAsync(ct);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        try
        {
            // libvips blocks its thread: off the request thread, one pool thread per slot at most.
            return (true, await Task.Run(() => work(ct), ct));
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
