namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>
/// Stops the embedded emulator when the app stops. Registered before the flag services, so it stops after them:
/// the refresh loop never sees its store vanish mid-request.
/// </summary>
internal sealed class EmbeddedFlagStoreLifetime(EmbeddedFlagStore store) : IHostedService, IAsyncDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await store.DisposeAsync();

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
