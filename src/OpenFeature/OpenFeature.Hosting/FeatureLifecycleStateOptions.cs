namespace OpenFeature;

/// <summary>When the hosted lifecycle service initializes and shuts down the providers.</summary>
public class FeatureLifecycleStateOptions
{
    /// <summary>The start stage; <see cref="FeatureStartState.Starting"/> by default.</summary>
    public FeatureStartState StartState { get; set; } = FeatureStartState.Starting;

    /// <summary>The stop stage; <see cref="FeatureStopState.Stopping"/> by default.</summary>
    public FeatureStopState StopState { get; set; } = FeatureStopState.Stopping;
}
