namespace OpenFeature.Constant;

/// <summary>The resolution reasons of the OpenFeature specification.</summary>
public static class Reason
{
    /// <summary>The value was resolved by a targeting rule.</summary>
    public const string TargetingMatch = "TARGETING_MATCH";

    /// <summary>The value was resolved by a pseudorandom assignment.</summary>
    public const string Split = "SPLIT";

    /// <summary>The flag is disabled; the default value was returned.</summary>
    public const string Disabled = "DISABLED";

    /// <summary>The value is the flag's configured default.</summary>
    public const string Default = "DEFAULT";

    /// <summary>The value is static (no dynamic evaluation).</summary>
    public const string Static = "STATIC";

    /// <summary>The value came from a cache.</summary>
    public const string Cached = "CACHED";

    /// <summary>The reason is not known.</summary>
    public const string Unknown = "UNKNOWN";

    /// <summary>An error occurred; the default value was returned.</summary>
    public const string Error = "ERROR";
}
