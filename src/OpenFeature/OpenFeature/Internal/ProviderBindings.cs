namespace OpenFeature.Internal;

/// <summary>An immutable snapshot of which provider serves which domain (specification 1.1.3).</summary>
internal sealed class ProviderBindings
{
    private readonly Dictionary<string, ProviderRuntime> _domains;

    public ProviderBindings(ProviderRuntime defaultRuntime, Dictionary<string, ProviderRuntime> domains)
    {
        Default = defaultRuntime;
        _domains = domains;
    }

    public ProviderRuntime Default { get; }

    /// <summary>The provider of a domain: the one bound to it, else the default one.</summary>
    public ProviderRuntime Resolve(string? domain) =>
        domain is not null && _domains.Count != 0 && _domains.TryGetValue(domain, out var runtime) ? runtime : Default;

    /// <summary>The provider bound to a domain itself (not the default fallback).</summary>
    public ProviderRuntime? GetBound(string? domain) =>
        domain is null ? Default : _domains.GetValueOrDefault(domain);

    public bool IsBound(ProviderRuntime runtime) => ReferenceEquals(Default, runtime) || _domains.ContainsValue(runtime);

    public ProviderBindings WithDefault(ProviderRuntime runtime) => new(runtime, _domains);

    public ProviderBindings WithDomain(string domain, ProviderRuntime runtime) =>
        new(Default, new Dictionary<string, ProviderRuntime>(_domains, StringComparer.Ordinal) { [domain] = runtime });

    /// <summary>Every bound provider, each once.</summary>
    public IReadOnlyCollection<ProviderRuntime> All()
    {
        var all = new HashSet<ProviderRuntime>(ReferenceEqualityComparer.Instance) { Default };
        all.UnionWith(_domains.Values);
        return all;
    }
}
