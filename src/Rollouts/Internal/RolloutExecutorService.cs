using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>Runs the executor's passes in the app, sleeping on the <see cref="TimeProvider"/> until the next one is due.</summary>
internal sealed partial class RolloutExecutorService(RolloutExecutor executor, ILogger<RolloutExecutorService> logger) : BackgroundService
{
    private readonly TimeProvider _time = executor.Time;

    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var pass = await executor.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                wait = pass.NextRunAt - _time.GetUtcNow();
            }
            catch (RequestFailedException e)
            {
                // The store is unreachable or refused us: the schedule is a function of the clock, so nothing is lost by trying again.
                LogPassFailed(logger, e.Status, e.Message);
                wait = ErrorBackoff;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "A rollout pass failed ({Status}); retrying: {Message}")]
    private static partial void LogPassFailed(ILogger logger, int status, string message);
}
