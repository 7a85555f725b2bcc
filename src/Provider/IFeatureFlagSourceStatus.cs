using Microsoft.Extensions.Primitives;

namespace OpenFeatureAppConfig.Provider;

/// <summary>
/// Implemented by a configuration source (or its <c>IConfigurationProvider</c>) that loads feature flags from a
/// remote store and can tell whether it still serves fresh data. <see cref="FeatureManagementProvider"/> finds it
/// among the providers of an <c>IConfigurationRoot</c>, or takes it from
/// <see cref="FeatureManagementProviderOptions.SourceStatus"/>, and turns it into OpenFeature events:
/// <c>PROVIDER_STALE</c> when <see cref="IsStale"/> becomes true, <c>PROVIDER_READY</c> when it becomes false again.
/// </summary>
public interface IFeatureFlagSourceStatus
{
    /// <summary>Whether the source is serving data it could not refresh (the store is unreachable or failing).</summary>
    bool IsStale { get; }

    /// <summary>Why the data is stale (the last refresh error), or <see langword="null"/> when it is fresh.</summary>
    string? StaleReason { get; }

    /// <summary>A token that fires when <see cref="IsStale"/> or <see cref="StaleReason"/> changes.</summary>
    IChangeToken GetStatusChangeToken();

    /// <summary>
    /// Completes when the first load finished (successfully or not). The provider waits for it in
    /// <c>InitializeAsync</c>, bounded by <see cref="FeatureManagementProviderOptions.StartupTimeout"/>.
    /// </summary>
    Task WaitForInitialLoadAsync(CancellationToken cancellationToken);
}
