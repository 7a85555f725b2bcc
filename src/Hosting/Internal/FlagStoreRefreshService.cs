using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Keeps the flag store current in any host (web app, worker, console): one loop per App Configuration source waits
/// until a refresh is due (interval, backoff over, or push notification) and refreshes. Stops with the host.
/// </summary>
internal sealed class FlagStoreRefreshService(
    FlagStoreStatus status,
    FlagStoreRefresher refresher,
    TimeProvider time,
    DeferredLoggerFactory storeLoggerFactory,
    ILoggerFactory loggerFactory,
    ILogger<FlagStoreRefreshService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        storeLoggerFactory.Attach(loggerFactory);
        var sources = status.Refreshers;
        if (sources.Count == 0)
        {
            return Task.CompletedTask;
        }

        logger.LogInformation("Refreshing {Count} flag store(s) in the background.", sources.Count);
        return Task.WhenAll(sources.Select(source => Task.Run(() => RefreshLoopAsync(source, stoppingToken), CancellationToken.None)));
    }

    private async Task RefreshLoopAsync(IConfigurationRefresher source, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await source.WaitUntilRefreshDueAsync(stoppingToken).ConfigureAwait(false);
                await refresher.RefreshAsync(source, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Never let the loop die: a surprise here must not stop refreshes for the rest of the process.
                logger.LogError(exception, "The background refresh of {Endpoint} failed unexpectedly; retrying.", source.AppConfigurationEndpoint.Host);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
