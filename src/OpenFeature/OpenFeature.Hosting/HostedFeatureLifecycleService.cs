using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenFeature.Hosting;

/// <summary>
/// Initializes the OpenFeature providers when the host starts and shuts them down when it stops, at the stages
/// <see cref="FeatureLifecycleStateOptions"/> chooses.
/// </summary>
public class HostedFeatureLifecycleService : IHostedLifecycleService
{
    private readonly ILogger<HostedFeatureLifecycleService> _logger;
    private readonly IFeatureLifecycleManager _featureLifecycleManager;
    private readonly FeatureLifecycleStateOptions _options;

    /// <summary>Creates the service.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="featureLifecycleManager">What initializes and shuts down the providers.</param>
    /// <param name="featureLifecycleStateOptions">The stages to act at.</param>
    public HostedFeatureLifecycleService(ILogger<HostedFeatureLifecycleService> logger,
        IFeatureLifecycleManager featureLifecycleManager, IOptions<FeatureLifecycleStateOptions> featureLifecycleStateOptions)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(featureLifecycleManager);
        ArgumentNullException.ThrowIfNull(featureLifecycleStateOptions);
        _logger = logger;
        _featureLifecycleManager = featureLifecycleManager;
        _options = featureLifecycleStateOptions.Value ?? new FeatureLifecycleStateOptions();
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => StartAtAsync(FeatureStartState.Starting, cancellationToken);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => StartAtAsync(FeatureStartState.Start, cancellationToken);

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => StartAtAsync(FeatureStartState.Started, cancellationToken);

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => StopAtAsync(FeatureStopState.Stopping, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => StopAtAsync(FeatureStopState.Stop, cancellationToken);

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => StopAtAsync(FeatureStopState.Stopped, cancellationToken);

    private async Task StartAtAsync(FeatureStartState stage, CancellationToken cancellationToken)
    {
        if (_options.StartState != stage)
        {
            return;
        }

        _logger.LogInformation("Initializing the OpenFeature providers ({Stage}).", stage);
        await _featureLifecycleManager.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StopAtAsync(FeatureStopState stage, CancellationToken cancellationToken)
    {
        if (_options.StopState != stage)
        {
            return;
        }

        _logger.LogInformation("Shutting down the OpenFeature providers ({Stage}).", stage);
        await _featureLifecycleManager.ShutdownAsync(cancellationToken).ConfigureAwait(false);
    }
}
