using OpenFeature;

namespace OpenFeatureAppConfig.Hosting;

/// <summary>
/// Creates OpenFeature clients of the container's API for singletons and background services, which cannot take the
/// scoped <see cref="IFeatureClient"/> that OpenFeature.Hosting registers (as <c>IDbContextFactory</c> does for a
/// scoped <c>DbContext</c>). Registered by <c>AddFeatureManagementProvider()</c>.
/// </summary>
/// <remarks>
/// A client may be kept for the life of the singleton: it evaluates with the transaction context of the flow that
/// calls it, so inside a request it targets that request's user (<c>UseFeatureFlagTargeting</c>), and outside one
/// nobody in particular.
/// </remarks>
public interface IFeatureClientFactory
{
    /// <summary>
    /// Creates a client like the injected <see cref="IFeatureClient"/>: bound to the provider that the policy name
    /// selects when several providers are registered (the default provider otherwise), with the context of
    /// <c>AddContext</c> when there is one.
    /// </summary>
    /// <returns>A new client.</returns>
    IFeatureClient CreateClient();

    /// <summary>Creates a client bound to the provider of <paramref name="domain"/> (or the default provider), with the context of <c>AddContext</c>.</summary>
    /// <param name="domain">The domain whose provider answers.</param>
    /// <returns>A new client.</returns>
    IFeatureClient CreateClient(string domain);
}
