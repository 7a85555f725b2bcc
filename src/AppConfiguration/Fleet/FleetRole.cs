namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>What an instance does in its fleet.</summary>
public enum FleetRole
{
    /// <summary>Not in a fleet (Redis unreachable or fleet mode off): the instance polls the store itself.</summary>
    Standalone,

    /// <summary>Takes snapshots from Redis; sends no request to the store.</summary>
    Follower,

    /// <summary>Holds the lease: polls the store and publishes snapshots for the fleet.</summary>
    Leader,
}
