using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenFeature.Hosting.Internal;

/// <summary>
/// Creates the injected <see cref="IFeatureClient"/>s. They are transient, so they resolve from the root provider
/// (singletons, background services) as well as from scopes; a client is cheap and follows provider changes.
/// </summary>
internal static class FeatureClientFactory
{
    public static IFeatureClient Create(IServiceProvider services, string? domain)
    {
        var api = services.GetRequiredService<Api>();
        var context = services.GetService<ClientContextSource>()?.Build(services);
        return api.GetClient(domain, context: context);
    }

    /// <summary>The domain chosen by <see cref="PolicyNameOptions"/>.</summary>
    public static IFeatureClient CreateByPolicy(IServiceProvider services)
    {
        var policy = services.GetRequiredService<IOptions<PolicyNameOptions>>().Value;
        return Create(services, policy.DefaultNameSelector(services));
    }
}
