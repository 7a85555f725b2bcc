namespace OpenFeature.Hosting;

/// <summary>Sets up the OpenFeature API from the container's registrations, and shuts it down.</summary>
public interface IFeatureLifecycleManager
{
    /// <summary>Adds the registered hooks and handlers, then sets and initializes the registered providers.</summary>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task that completes when every provider has been initialized (or failed to).</returns>
    ValueTask EnsureInitializedAsync(CancellationToken cancellationToken = default);

    /// <summary>Shuts every provider down.</summary>
    /// <param name="cancellationToken">Cancels the shutdown.</param>
    /// <returns>A task that completes when the providers are shut down.</returns>
    ValueTask ShutdownAsync(CancellationToken cancellationToken = default);
}
