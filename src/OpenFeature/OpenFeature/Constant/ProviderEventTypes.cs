using System.ComponentModel;

namespace OpenFeature.Constant;

/// <summary>The provider events of the OpenFeature specification (section 5).</summary>
public enum ProviderEventTypes
{
    /// <summary>The provider is ready to evaluate flags.</summary>
    [Description("PROVIDER_READY")] ProviderReady,

    /// <summary>The provider is in an error state.</summary>
    [Description("PROVIDER_ERROR")] ProviderError,

    /// <summary>The provider's flag configuration changed.</summary>
    [Description("PROVIDER_CONFIGURATION_CHANGED")] ProviderConfigurationChanged,

    /// <summary>The provider's cached state may no longer be current.</summary>
    [Description("PROVIDER_STALE")] ProviderStale,
}
