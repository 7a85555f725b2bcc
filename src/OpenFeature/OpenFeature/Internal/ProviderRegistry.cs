using Microsoft.Extensions.Logging;
using OpenFeature.Constant;

namespace OpenFeature.Internal;

/// <summary>
/// The providers of one API instance: the default one and the domain-bound ones, one runtime per provider
/// object however many domains it serves.
/// </summary>
internal sealed class ProviderRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<FeatureProvider, ProviderRuntime> _runtimes = new(ReferenceEqualityComparer.Instance);
    private readonly ProviderEventDispatcher _events;
    private readonly Func<ILogger> _logger;
    private volatile ProviderBindings _bindings;

    public ProviderRegistry(ProviderEventDispatcher events, Func<ILogger> logger)
    {
        _events = events;
        _logger = logger;
        var noOp = new ProviderRuntime(new NoOpProvider(), events, logger, ProviderStatus.Ready);
        _bindings = new ProviderBindings(noOp, new Dictionary<string, ProviderRuntime>(StringComparer.Ordinal));
    }

    public ProviderBindings Bindings => _bindings;

    /// <summary>Binds a provider to a domain (null: the default); says whether it is new and which one was retired.</summary>
    public ProviderRuntime Bind(string? domain, FeatureProvider provider, out bool isNew, out ProviderRuntime? retired)
    {
        lock (_gate)
        {
            var current = _bindings;
            var previous = current.GetBound(domain);
            isNew = !_runtimes.TryGetValue(provider, out var runtime);
            if (runtime is null)
            {
                runtime = new ProviderRuntime(provider, _events, _logger, ProviderStatus.NotReady);
                _runtimes[provider] = runtime;
            }

            var next = domain is null ? current.WithDefault(runtime) : current.WithDomain(domain, runtime);
            _bindings = next;
            retired = null;
            if (previous is not null && !ReferenceEquals(previous, runtime) && !next.IsBound(previous))
            {
                if (_runtimes.TryGetValue(previous.Provider, out var tracked) && ReferenceEquals(tracked, previous))
                {
                    _runtimes.Remove(previous.Provider);
                }

                retired = previous;
            }

            return runtime;
        }
    }

    /// <summary>Every runtime the API runs, forgotten so that setting a provider again initializes it again.</summary>
    public IReadOnlyCollection<ProviderRuntime> DetachAll()
    {
        lock (_gate)
        {
            var all = new HashSet<ProviderRuntime>(_runtimes.Values, ReferenceEqualityComparer.Instance);
            all.UnionWith(_bindings.All());
            _runtimes.Clear();
            return all;
        }
    }
}
