namespace OpenFeature.Telemetry;

/// <summary>Well-known flag metadata keys that telemetry reports.</summary>
public static class TelemetryFlagMetadata
{
    /// <summary>The context identifier.</summary>
    public const string ContextId = "contextId";

    /// <summary>The flag set's identifier.</summary>
    public const string FlagSetId = "flagSetId";

    /// <summary>The version of the flag configuration.</summary>
    public const string Version = "version";
}
