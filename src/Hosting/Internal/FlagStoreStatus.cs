using Microsoft.Extensions.Primitives;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The freshness of the flag store, for the provider's STALE/READY events and for the health check. The
/// App Configuration refreshers do not announce status changes, so whoever refreshes calls <see cref="Update"/>.
/// </summary>
internal sealed class FlagStoreStatus(FlagStoreKind kind, IConfigurationRefresherProvider? refresherProvider) : IFeatureFlagSourceStatus
{
    private readonly object _gate = new();
    private CancellationTokenSource _changed = new();
    private (bool Stale, string? Reason) _reported;

    public FlagStoreKind Kind => kind;

    /// <summary>The App Configuration sources' refreshers (none for local flags).</summary>
    public IReadOnlyList<IConfigurationRefresher> Refreshers =>
        kind == FlagStoreKind.AppConfiguration && refresherProvider is not null ? [.. refresherProvider.Refreshers] : [];

    public bool IsStale => Evaluate().Stale;

    public string? StaleReason => Evaluate().Reason;

    public IChangeToken GetStatusChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>The configuration finished its first load while the application was built.</summary>
    public Task WaitForInitialLoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Re-reads the refreshers' status after a refresh attempt and fires the change token if it changed.</summary>
    public void Update()
    {
        CancellationTokenSource? fired = null;
        lock (_gate)
        {
            var current = Evaluate();
            if (current != _reported)
            {
                _reported = current;
                fired = _changed;
                _changed = new CancellationTokenSource();
            }
        }

        fired?.Cancel();
    }

    private (bool Stale, string? Reason) Evaluate()
    {
        foreach (var refresher in Refreshers)
        {
            var status = refresher.Status;
            if (status.State != AppConfigurationSourceState.Loaded || status.FromLastKnownGoodFile)
            {
                return (true, status.LastError ?? $"The store {refresher.AppConfigurationEndpoint.Host} is {status.State}.");
            }
        }

        return (false, null);
    }
}
