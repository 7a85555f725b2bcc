namespace OpenFeature;

/// <summary>The host lifecycle stage at which providers are shut down.</summary>
public enum FeatureStopState
{
    /// <summary>In <c>IHostedLifecycleService.StoppingAsync</c>, before any hosted service stops.</summary>
    Stopping,

    /// <summary>In <c>IHostedService.StopAsync</c>.</summary>
    Stop,

    /// <summary>In <c>IHostedLifecycleService.StoppedAsync</c>, after every hosted service has stopped.</summary>
    Stopped,
}
