using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenFeature.Hosting.Internal;

/// <summary>Applies the container's OpenFeature registrations to the <see cref="Api"/> it holds.</summary>
internal sealed class FeatureLifecycleManager(Api api, IServiceProvider services, ILogger<FeatureLifecycleManager> logger)
    : IFeatureLifecycleManager
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _initialized;

    public async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var options = services.GetRequiredService<IOptions<OpenFeatureOptions>>().Value;
            api.AddHooks(options.HookNames.Select(name => services.GetRequiredKeyedService<Hook>(name)).ToArray());

            var initializations = new List<Task>();
            if (options.HasDefaultProvider)
            {
                initializations.Add(api.SetProviderAsync(services.GetRequiredService<FeatureProvider>(), cancellationToken));
            }

            foreach (var domain in options.ProviderNames)
            {
                initializations.Add(api.SetProviderAsync(domain, services.GetRequiredKeyedService<FeatureProvider>(domain), cancellationToken));
            }

            logger.LogInformation("Initializing {Count} OpenFeature provider(s).", initializations.Count);
            await Task.WhenAll(initializations).ConfigureAwait(false);

            // Handlers after the providers: a READY or ERROR handler runs at once for each provider already in that
            // state (specification 5.3.3), and none runs for the no-op provider the API starts with.
            foreach (var registration in services.GetServices<EventHandlerRegistration>())
            {
                api.AddHandler(registration.EventType, registration.Handler);
            }
            _initialized = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask ShutdownAsync(CancellationToken cancellationToken = default)
    {
        logger.LogInformation("Shutting down the OpenFeature providers.");
        await api.ShutdownAsync().ConfigureAwait(false);
    }
}
