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
        foreach (var pair in Pairs(configuration, sections))
        {
            // Later providers override earlier ones key by key, as in IConfiguration itself.
            keys[pair.Key] = pair.Value;
        }

        return keys;
    }

    /// <summary>
    /// The keys under <paramref name="sections"/> of every provider, in provider order (a key may come more than once:
    /// the last one is in force, spelled as the first one), read as they are enumerated.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Pairs(IConfiguration configuration, IReadOnlyList<string> sections) =>
        Pairs(configuration, sections, key => IsUnder(key, sections), feed: null);

    /// <summary>
    /// As <see cref="Pairs(IConfiguration, IReadOnlyList{string})"/>, but the keys at or under <paramref name="sections"/>
    /// only, and those of the <paramref name="feed"/>'s provider as the feed reads them: no other key of that provider
    /// is looked at (the other providers are scanned as in a full read).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> SectionPairs(IConfigurationRoot root, IConfigurationChangeFeed feed, IReadOnlyList<string> sections)
    {
        var roots = new HashSet<string>(sections, StringComparer.OrdinalIgnoreCase);
        return Pairs(root, sections, key => IsAtOrUnder(key, roots), feed);
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(
        IConfiguration configuration, IReadOnlyList<string> sections, Func<string, bool> includes, IConfigurationChangeFeed? feed)
    {
        if (configuration is not IConfigurationRoot root)
        {
            var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var section in sections)
            {
                Walk(configuration.GetSection(section), keys);
            }

            foreach (var pair in keys)
            {
                yield return pair;
            }

            yield break;
        }

        foreach (var provider in root.Providers)
        {
            var pairs = feed is not null && ReferenceEquals(provider, feed.Provider)
                ? sections.SelectMany(feed.ReadSection)
                : ProviderPairs(provider, sections, includes, feed);
            foreach (var pair in pairs)
            {
                if (pair.Value is not null && includes(pair.Key))
                {
                    yield return new(pair.Key, pair.Value);
                }
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string?>> ProviderPairs(
        IConfigurationProvider provider, IReadOnlyList<string> sections, Func<string, bool> includes, IConfigurationChangeFeed? feed)
    {
        if (provider is ChainedConfigurationProvider chained)
        {
            foreach (var pair in Pairs(chained.Configuration, sections, includes, feed))
            {
                yield return new(pair.Key, pair.Value);
            }

            yield break;
        }

        if (provider is ConfigurationProvider && DataProperty?.GetValue(provider) is IDictionary<string, string?> data)
        {
            foreach (var pair in data)
            {
                yield return pair;
            }

            yield break;
        }

        var walked = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in sections)
        {
            WalkProvider(provider, section, walked);
        }

        foreach (var pair in walked)
        {
            yield return new(pair.Key, pair.Value);
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

    private static bool IsAtOrUnder(string key, HashSet<string> sections)
    {
        if (sections.Contains(key))
        {
            return true;
        }

        // Each parent path of the key, shortest first, without a string per parent.
        var lookup = sections.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var separator = key.IndexOf(':', StringComparison.Ordinal); separator > 0; separator = key.IndexOf(':', separator + 1))
        {
            if (lookup.Contains(key.AsSpan(0, separator)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnder(string key, IReadOnlyList<string> sections)
    {
        // By index: a foreach over the interface allocates an enumerator per key.
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            if (key.Length > section.Length && key[section.Length] == ':' && key.StartsWith(section, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
