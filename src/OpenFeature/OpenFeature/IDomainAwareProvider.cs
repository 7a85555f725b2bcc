using OpenFeature.Model;

namespace OpenFeature;

/// <summary>
/// Implemented by a <see cref="FeatureProvider"/> that wants to know the domain it is bound to when it is
/// initialized (specification 0.9). The SDK then calls this method instead of
/// <see cref="FeatureProvider.InitializeAsync"/>.
/// </summary>
/// <remarks>
/// Such a provider is domain-scoped (specification 1.1.8.1): it serves the one domain (or the default) it was first
/// bound to, and binding it anywhere else throws <see cref="InvalidOperationException"/> until that binding is
/// replaced. Not part of the official 2.14 API.
/// </remarks>
public interface IDomainAwareProvider
{
    /// <summary>Prepares the provider for use; called once, when it is first bound.</summary>
    /// <param name="context">The API's global evaluation context.</param>
    /// <param name="domain">The domain the provider is bound to, or null when it is the default provider.</param>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task that completes when the provider is ready.</returns>
    Task InitializeAsync(EvaluationContext context, string? domain, CancellationToken cancellationToken);
}
