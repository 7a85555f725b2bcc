using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Refreshes the flag store on behalf of the background service and of requests. A request only starts a refresh
/// (at most one a second, in the background) and never waits for it.
/// </summary>
internal sealed class FlagStoreRefresher(
    FlagStoreStatus status,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<FlagStoreRefresher> logger)
{
    private static readonly TimeSpan RequestTriggerSpacing = TimeSpan.FromSeconds(1);
    private long _nextRequestTriggerTicks;
    private int _requestRefreshRunning;

    /// <summary>Refreshes one source if it is due; failures are logged by the source and kept in its status.</summary>
    public async Task RefreshAsync(IConfigurationRefresher refresher, CancellationToken cancellationToken)
    {
        try
        {
            await refresher.TryRefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            status.Update();
        }
    }

    /// <summary>Starts a refresh of every source that is due, unless one started less than a second ago; returns at once.</summary>
    public void TriggerFromRequest()
    {
        var now = time.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextRequestTriggerTicks);
        if (now < next || Interlocked.CompareExchange(ref _nextRequestTriggerTicks, now + RequestTriggerSpacing.Ticks, next) != next)
        {
            return;
        }

        if (Interlocked.Exchange(ref _requestRefreshRunning, 1) == 1)
        {
            return;
        }

        _ = Task.Run(RefreshAllFromRequestAsync);
    }

    private async Task RefreshAllFromRequestAsync()
    {
        try
        {
            foreach (var refresher in status.Refreshers)
            {
                await RefreshAsync(refresher, lifetime.ApplicationStopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The application is stopping; the refresh is no longer wanted.
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "A request-triggered refresh of the flag store failed.");
        }
        finally
        {
            Volatile.Write(ref _requestRefreshRunning, 0);
        }
    }
}
