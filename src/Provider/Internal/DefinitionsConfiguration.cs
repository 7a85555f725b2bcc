using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// The configuration as the provider's own <c>ConfigurationFeatureDefinitionProvider</c> sees it: the same data, with
/// a reload token the provider can also fire itself. That definition provider caches each flag's definition until
/// its reload token fires, and callbacks on one reload token run in no order the provider controls; so the provider
/// fires this one before it announces a change, and an evaluation right after the announcement never reads a
/// definition cached before the change. Every reload of the configuration fires it too.
/// </summary>
internal sealed class DefinitionsConfiguration : IConfiguration
{
    private readonly IConfiguration _configuration;
    private ConfigurationReloadToken _reloadToken = new();

    public DefinitionsConfiguration(IConfiguration configuration)
    {
        _configuration = configuration;
        ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public string? this[string key]
    {
        get => _configuration[key];
        set => _configuration[key] = value;
    }

    public IConfigurationSection GetSection(string key) => _configuration.GetSection(key);

    public IEnumerable<IConfigurationSection> GetChildren() => _configuration.GetChildren();

    public IChangeToken GetReloadToken() => _reloadToken;

    /// <summary>Fires the reload token (again, when it already fired for this reload: the definitions are only read anew).</summary>
    public void Reload() => Interlocked.Exchange(ref _reloadToken, new ConfigurationReloadToken()).OnReload();
}
