using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Reads every key/value under some top-level sections in one pass. Walking <see cref="IConfiguration"/> with
/// <c>GetChildren</c> costs a scan of all keys per node, which makes 10,000 flags take tens of seconds; reading
/// each provider's key table directly is linear. Providers that expose no table are walked the slow way.
/// </summary>
internal static class ConfigurationKeyReader
{
    // ConfigurationProvider.Data is the documented (protected) key table of every built-in provider.
    private static readonly PropertyInfo? DataProperty =
        typeof(ConfigurationProvider).GetProperty("Data", BindingFlags.Instance | BindingFlags.NonPublic);

    public static Dictionary<string, string> Read(IConfiguration configuration, IReadOnlyList<string> sections)
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers)
            {
                ReadProvider(provider, sections, keys);
            }
        }
        else
        {
            foreach (var section in sections)
            {
                Walk(configuration.GetSection(section), keys);
            }
        }

        return keys;
    }

    private static void ReadProvider(IConfigurationProvider provider, IReadOnlyList<string> sections, Dictionary<string, string> keys)
    {
        if (provider is ChainedConfigurationProvider chained)
        {
            foreach (var pair in Read(chained.Configuration, sections))
            {
                keys[pair.Key] = pair.Value;
            }

            return;
        }

        if (provider is ConfigurationProvider && DataProperty?.GetValue(provider) is IDictionary<string, string?> data)
        {
            foreach (var pair in data)
            {
                if (pair.Value is not null && IsUnder(pair.Key, sections))
                {
                    // Later providers override earlier ones key by key, as in IConfiguration itself.
                    keys[pair.Key] = pair.Value;
                }
            }

            return;
        }

        foreach (var section in sections)
        {
            WalkProvider(provider, section, keys);
        }
    }

    private static void WalkProvider(IConfigurationProvider provider, string path, Dictionary<string, string> keys)
    {
        if (provider.TryGet(path, out var value) && value is not null)
        {
            keys[path] = value;
        }

        foreach (var child in provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            WalkProvider(provider, path + ConfigurationPath.KeyDelimiter + child, keys);
        }
    }

    private static void Walk(IConfigurationSection section, Dictionary<string, string> keys)
    {
        if (section.Value is not null)
        {
            keys[section.Path] = section.Value;
        }

        foreach (var child in section.GetChildren())
        {
            Walk(child, keys);
        }
    }

    private static bool IsUnder(string key, IReadOnlyList<string> sections)
    {
        foreach (var section in sections)
        {
            if (key.Length > section.Length && key[section.Length] == ':' && key.StartsWith(section, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
