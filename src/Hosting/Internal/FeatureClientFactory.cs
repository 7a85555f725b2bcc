using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenFeature;
using OpenFeature.Hosting;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>Clients of the container's API, chosen and set up the way OpenFeature.Hosting sets up the scoped one.</summary>
internal sealed class FeatureClientFactory(Api api, IServiceProvider services, IOptions<PolicyNameOptions> policy) : IFeatureClientFactory
{
    public IFeatureClient CreateClient() => Create(policy.Value.DefaultNameSelector?.Invoke(services));

    public IFeatureClient CreateClient(string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        return Create(domain);
    }

    private FeatureClient Create(string? domain)
    {
        var client = api.GetClient(domain);

        // AddContext's context is transient: built anew for each client, as for each scope.
        if (services.GetService<EvaluationContext>() is { } context)
        {
            client.SetContext(context);
        }

        return client;
    }
}
