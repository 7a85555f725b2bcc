namespace OpenFeature.Telemetry;

/// <summary>The OpenTelemetry semantic-convention attribute names of feature flag evaluations.</summary>
public static class TelemetryConstants
{
    /// <summary>The flag's key.</summary>
    public const string Key = "feature_flag.key";

    /// <summary>The error code of a failed evaluation.</summary>
    public const string ErrorCode = "error.type";

    /// <summary>The variant of the result.</summary>
    public const string Variant = "feature_flag.result.variant";

    /// <summary>The context identifier.</summary>
    public const string ContextId = "feature_flag.context.id";

    /// <summary>The error message of a failed evaluation.</summary>
    public const string ErrorMessage = "error.message";

    /// <summary>The reason of the result.</summary>
    public const string Reason = "feature_flag.result.reason";

    /// <summary>The provider's name.</summary>
    public const string Provider = "feature_flag.provider.name";

    /// <summary>The flag set's identifier.</summary>
    public const string FlagSetId = "feature_flag.set.id";

    /// <summary>The version of the flag configuration.</summary>
    public const string Version = "feature_flag.version";

    /// <summary>The value of the result.</summary>
    public const string Value = "feature_flag.result.value";
}
