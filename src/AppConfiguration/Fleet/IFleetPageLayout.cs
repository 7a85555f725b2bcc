namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Implemented by a fleet that shares the leader's page layout (<see cref="StorePageLayout"/>) with the followers, so
/// that a follower's first own read after losing the fleet is conditional.
/// </summary>
internal interface IFleetPageLayout
{
    /// <summary>The layout the leader published, as this instance last read it (null: none read).</summary>
    StorePageLayout? PageLayout { get; }

    /// <summary>On the leader: shares the layout of the read it just published (refused quietly on any other instance).</summary>
    Task PublishPageLayoutAsync(StorePageLayout layout);
}
