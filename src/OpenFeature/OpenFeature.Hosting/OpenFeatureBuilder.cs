using Microsoft.Extensions.DependencyInjection;

namespace OpenFeature.Hosting;

/// <summary>Configures OpenFeature in a service collection; see <see cref="OpenFeatureServiceCollectionExtensions.AddOpenFeature"/>.</summary>
public class OpenFeatureBuilder
{
    /// <summary>Creates the builder.</summary>
    /// <param name="services">The service collection.</param>
    public OpenFeatureBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Whether an evaluation context was configured with AddContext.</summary>
    public bool IsContextConfigured { get; internal set; }

    /// <summary>Whether a default (domain-less) provider was added.</summary>
    public bool HasDefaultProvider { get; internal set; }

    /// <summary>The number of domain-bound providers added.</summary>
    public int DomainBoundProviderRegistrationCount { get; internal set; }

    /// <summary>Whether a policy choosing the injected client's domain was configured.</summary>
    public bool IsPolicyConfigured { get; internal set; }

    /// <summary>Checks that the configuration is complete.</summary>
    /// <exception cref="InvalidOperationException">
    /// Several domain-bound providers and no default provider were added, but no policy says which one the
    /// injected <see cref="IFeatureClient"/> uses.
    /// </exception>
    public void Validate()
    {
        if (!IsPolicyConfigured && !HasDefaultProvider && DomainBoundProviderRegistrationCount > 1)
        {
            throw new InvalidOperationException(
                "Several domain-bound OpenFeature providers were added without a default provider; add one with " +
                "AddProvider(...) or say which domain the injected IFeatureClient uses with AddPolicyName(...).");
        }
    }
}
