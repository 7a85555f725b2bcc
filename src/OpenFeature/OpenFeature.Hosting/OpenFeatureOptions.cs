namespace OpenFeature.Hosting;

/// <summary>The providers and hooks registered with <see cref="OpenFeatureBuilder"/>.</summary>
public class OpenFeatureOptions
{
    private readonly List<string> _providerNames = [];
    private readonly List<string> _hookNames = [];

    /// <summary>Whether a default (domain-less) provider is registered.</summary>
    public bool HasDefaultProvider { get; private set; }

    /// <summary>The base type of the registered providers.</summary>
    public Type FeatureProviderType { get; protected internal set; } = typeof(FeatureProvider);

    /// <summary>The domains with a registered provider, in registration order.</summary>
    public IReadOnlyCollection<string> ProviderNames => _providerNames;

    /// <summary>The keys of the registered hooks, in registration order.</summary>
    internal IReadOnlyCollection<string> HookNames => _hookNames;

    internal void AddDefaultProviderName() => HasDefaultProvider = true;

    internal void AddProviderName(string domain)
    {
        if (!_providerNames.Contains(domain))
        {
            _providerNames.Add(domain);
        }
    }

    internal void AddHookName(string name)
    {
        if (!_hookNames.Contains(name))
        {
            _hookNames.Add(name);
        }
    }
}
