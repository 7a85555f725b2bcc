namespace OpenFeatureAppConfig.Fleet;

/// <summary>What became of a publication.</summary>
internal enum PublishOutcome
{
    /// <summary>Stored as the fleet's snapshot and announced.</summary>
    Published,

    /// <summary>Refused: Redis already holds this version or a newer one.</summary>
    NotNewer,

    /// <summary>Refused: the publisher no longer holds the lease with the newest fencing token.</summary>
    Fenced,
}
