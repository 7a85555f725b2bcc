namespace OpenFeatureAppConfig.Provider;

/// <summary>The keys of the flag metadata the provider returns with every resolution (when the source has them).</summary>
public static class FlagMetadataKeys
{
    /// <summary>The flag's <c>description</c>.</summary>
    public const string Description = "description";

    /// <summary>The flag's <c>display_name</c>.</summary>
    public const string DisplayName = "displayName";

    /// <summary>The App Configuration label the flag was loaded from.</summary>
    public const string Label = "label";

    /// <summary>The flag's ETag in the store (also reported as OpenFeature's <c>version</c>).</summary>
    public const string ETag = "etag";

    /// <summary>The id of the flag's allocation (App Configuration telemetry metadata <c>AllocationId</c>).</summary>
    public const string AllocationId = "allocationId";

    /// <summary>The URL of the flag in the store (telemetry metadata <c>FeatureFlagReference</c>).</summary>
    public const string FeatureFlagReference = "featureFlagReference";
}
