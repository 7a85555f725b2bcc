using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// Shares this instance's flag-aware request counts with the fleet (<see cref="IFleetCounters"/>, present when
/// fleet mode is on) every <see cref="FlushInterval"/>, and reads the fleet's sums for the in-process guard.
/// Each window is sent as this instance's totals so far, so a retry or a repeated flush never counts twice.
/// Without fleet mode it does nothing.
/// </summary>
internal sealed partial class FleetRequestCounts(FlagAwareAggregates aggregates, IFleetCounters? counters, TimeProvider time, ILogger<FleetRequestCounts> logger)
    : BackgroundService
{
    /// <summary>How often counts go to the fleet: how far behind the fleet's sums may be (the guard's own instance flushes before it reads).</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly Dictionary<(string Flag, long Window), long> _sent = [];

    public bool IsFleet => counters is not null;

    /// <summary>Sends every window that changed since it was last sent; one flush at a time, so an older total never overwrites a newer one.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (counters is null)
        {
            return;
        }

        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var kept = new HashSet<(string, long)>();
            foreach (var (flag, window, version, counts) in aggregates.Windows())
            {
                kept.Add((flag, window));
                if (_sent.TryGetValue((flag, window), out var sent) && sent == version)
                {
                    continue;
                }

                await counters.SetAsync(Series(flag), window, counts, FlagAwareAggregates.Retention, cancellationToken).ConfigureAwait(false);
                _sent[(flag, window)] = version;
            }

            foreach (var gone in _sent.Keys.Where(key => !kept.Contains(key)).ToList())
            {
                _sent.Remove(gone);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>The fleet's counts of <paramref name="flag"/> over a range of windows (fleet mode only).</summary>
    public Task<FleetCounterSums> SumAsync(string flag, long first, long last, CancellationToken cancellationToken) =>
        (counters ?? throw new InvalidOperationException("Not in fleet mode.")).SumAsync(Series(flag), first, last, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (counters is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushInterval, time, stoppingToken).ConfigureAwait(false);
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Redis down: the counts stay here and go with the next flush that works.
                LogFlushFailed(logger, e.GetType().Name, e.Message);
            }
        }
    }

    /// <summary>Sends what is left on the way out (a rolling deploy), so the fleet keeps this instance's last seconds.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting: the counts of the last seconds are lost, the fleet's sums are a little short.
        }
        catch (Exception e)
        {
            LogFlushFailed(logger, e.GetType().Name, e.Message);
        }
    }

    public override void Dispose()
    {
        _flushing.Dispose();
        base.Dispose();
    }

    /// <summary>The series of a flag; the window length is part of it, so instances with other windows never mix.</summary>
    private static string Series(string flag) => $"flag-requests:{(long)FlagAwareAggregates.WindowLength.TotalSeconds}s:{flag}";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The flag-aware request counts could not be shared with the fleet ({Error}: {Message}); retrying")]
    private static partial void LogFlushFailed(ILogger logger, string error, string message);
}
