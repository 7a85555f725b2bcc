namespace OpenFeature;

/// <summary>The host lifecycle stage at which providers are set and initialized.</summary>
public enum FeatureStartState
{
    /// <summary>In <c>IHostedLifecycleService.StartingAsync</c>, before any hosted service starts.</summary>
    Starting,

    /// <summary>In <c>IHostedService.StartAsync</c>.</summary>
    Start,

    /// <summary>In <c>IHostedLifecycleService.StartedAsync</c>, after every hosted service has started.</summary>
    Started,
}
