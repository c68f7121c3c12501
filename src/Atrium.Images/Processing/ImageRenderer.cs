using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Atrium.Images.Caching;
using Atrium.Images.Storage;
using Atrium.Images.Transforms;
using Microsoft.Extensions.Options;
using NetVips;

namespace Atrium.Images.Processing;

public enum RenderStatus
{
    Ok,
    Invalid,
    Overloaded,
    TimedOut,
    SourceMissing,
}

public sealed record RenderResult(RenderStatus Status, byte[]? Bytes = null, string? Error = null, bool FromCache = false);

/// <summary>
/// Serves a transform: from the result cache, else rendered once however many requests ask at the same
/// time (single flight per result key), through the bounded <see cref="ProcessingPool"/>.
/// </summary>
public sealed class ImageRenderer(
    IImageStorage storage, ResultCache cache, ProcessingPool pool, IOptions<ImagesOptions> options, ImagesTelemetry telemetry)
{
    private readonly ConcurrentDictionary<ResultKey, Lazy<Task<RenderResult>>> _inFlight = new();

    /// <summary>
    /// The result's address. A kept-metadata original is not the stripped one of the same bytes (stripping
    /// applies the EXIF orientation to the pixels and re-encodes some formats), so the two render differently
    /// and their results are told apart. Both are marked: results cached before the mark existed may have
    /// come from either original, so they are never read again.
    /// </summary>
    public static ResultKey KeyFor(string contentHash, bool metadataKept, TransformOptions transform, OutputFormat format)
    {
        var original = metadataKept ? "kept" : "stripped";
        var variant = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{transform.Canonical()}|{format.Name}|{original}")));
        return new ResultKey(contentHash, variant);
    }

    public async Task<RenderResult> RenderAsync(Guid imageId, string contentHash, bool metadataKept, TransformOptions transform, OutputFormat format, CancellationToken ct)
    {
        var key = KeyFor(contentHash, metadataKept, transform, format);
        if (await cache.GetAsync(key, ct) is { } cached)
        {
            return new RenderResult(RenderStatus.Ok, cached, FromCache: true);
        }

        // Only the stored Lazy is ever evaluated, so a key renders once however many requests race here.
        var flight = _inFlight.GetOrAdd(key, k => new Lazy<Task<RenderResult>>(() => ProduceAsync(imageId, k, transform, format)));
        // Waiters stop waiting when they go away; the render itself runs on under its own timeout for the others.
        return await flight.Value.WaitAsync(ct);
    }

    private async Task<RenderResult> ProduceAsync(Guid imageId, ResultKey key, TransformOptions transform, OutputFormat format)
    {
        await Task.Yield();
        try
        {
            return await RenderOnceAsync(imageId, key, transform, format);
        }
        finally
        {
            // The flight ends with its render, whoever still waits: a refusal (429, timeout) is never
            // handed to later requests, and a success is in the cache by now.
            _inFlight.TryRemove(key, out _);
        }
    }

    private async Task<RenderResult> RenderOnceAsync(Guid imageId, ResultKey key, TransformOptions transform, OutputFormat format)
    {
        using var timeout = new CancellationTokenSource(options.Value.OperationTimeout);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var originalKey = StoredImage.OriginalKey(imageId);
            var source = storage.LocalFile(originalKey) is { } file
                ? new SourceImage(file, null)
                : await storage.GetAsync(originalKey, timeout.Token) is { } fetched ? new SourceImage(null, fetched) : null;
            telemetry.Phase("fetch", Stopwatch.GetElapsedTime(started));
            if (source is null)
            {
                return new RenderResult(RenderStatus.SourceMissing);
            }

            var queued = Stopwatch.GetTimestamp();
            var (accepted, outcome) = await pool.TryRunAsync(token =>
            {
                telemetry.Phase("queue", Stopwatch.GetElapsedTime(queued));
                var processing = Stopwatch.GetTimestamp();
                using var activity = ImagesTelemetry.Activities.StartActivity("images.process");
                var result = ImageTransformer.Run(source, transform, format, options.Value, token);
                telemetry.Processed();
                telemetry.Phase("process", Stopwatch.GetElapsedTime(processing));
                return result;
            }, timeout.Token);
            if (!accepted)
            {
                telemetry.Rejected("overload");
                return new RenderResult(RenderStatus.Overloaded);
            }

            if (outcome!.Bytes is not { } bytes)
            {
                telemetry.Rejected("limits");
                return new RenderResult(RenderStatus.Invalid, Error: outcome.Error);
            }

            await cache.SetAsync(key, bytes, format.MediaType, timeout.Token);
            return new RenderResult(RenderStatus.Ok, bytes);
        }
        catch (Exception e) when (e is OperationCanceledException or VipsException && timeout.IsCancellationRequested)
        {
            telemetry.Rejected("timeout");
            return new RenderResult(RenderStatus.TimedOut);
        }
        catch (VipsException e)
        {
            telemetry.Rejected("decode");
            return new RenderResult(RenderStatus.Invalid, Error: "the image could not be processed: " + e.Message.Split('\n')[0]);
        }
    }
}
