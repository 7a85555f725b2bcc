namespace OpenFeature;

/// <summary>
/// Implemented by a <see cref="FeatureProvider"/> that reports its own lifecycle the way specification 0.9
/// describes: it writes PROVIDER_READY (and PROVIDER_ERROR, PROVIDER_STALE) to its event channel itself.
/// </summary>
/// <remarks>
/// Not part of the official 2.14 API. Providers that do not implement it (or return false) get PROVIDER_READY from
/// the SDK when <see cref="FeatureProvider.InitializeAsync"/> completes, as the 2.14 SDK does. Either way a failed
/// initialization puts the provider in ERROR (FATAL for <see cref="Error.ProviderFatalException"/>).
/// </remarks>
public interface ILifecycleEventEmitter
{
    /// <summary>Whether the provider emits its own PROVIDER_READY after initialization.</summary>
    bool EmitsLifecycleEvents { get; }
}
