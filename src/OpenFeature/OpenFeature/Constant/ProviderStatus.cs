using System.ComponentModel;

namespace OpenFeature.Constant;

/// <summary>The state of a provider, as seen by the SDK (specification 1.7).</summary>
public enum ProviderStatus
{
    /// <summary>The provider has not been initialized, or has been shut down.</summary>
    [Description("NOT_READY")] NotReady,

    /// <summary>The provider is initialized and can evaluate flags.</summary>
    [Description("READY")] Ready,

    /// <summary>The provider's cached state may no longer be current.</summary>
    [Description("STALE")] Stale,

    /// <summary>The provider is in an error state and may recover.</summary>
    [Description("ERROR")] Error,

    /// <summary>The provider is in an irrecoverable error state.</summary>
    [Description("FATAL")] Fatal,
}
