namespace OpenFeatureAppConfig.Emulator.FeatureFlags;

/// <summary>The first thing wrong in a feature flag: the JSON path of the field at fault and why.</summary>
internal sealed class FeatureFlagSchemaViolation(string field, string reason) : Exception(reason)
{
    /// <summary>The JSON path of the field, e.g. <c>conditions.client_filters[0].parameters.Start</c>.</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; } = reason;
}
