using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Turns the loaded collections into configuration data: key-values in selection order (later wins), prefixes
/// trimmed, JSON values flattened; then feature flags (the <c>.appconfig.featureflag/</c> keys of the flag
/// collections, later selection wins per flag key) into the Feature Management layout. A malformed flag keeps the
/// last version of it that mapped (it is left out when there is none), with a warning, and is named in
/// <see cref="MalformedFeatureFlags"/>.
/// </summary>
internal sealed class SnapshotBuilder(IReadOnlyList<string> prefixesToTrim, Uri endpoint, ILogger logger)
{
    // Pages answered 304 keep their setting objects, so a flag's mapping is computed once per revision.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ConfigurationSetting, IReadOnlyList<KeyValuePair<string, string?>>> _mappedFlags = [];

    // One bad write in the store must not switch a flag off everywhere: its last good mapping stays in force.
    private Dictionary<string, IReadOnlyList<KeyValuePair<string, string?>>> _lastGoodFlags = new(StringComparer.Ordinal);

    /// <summary>The names (keys without the flag prefix) of the flags the last <see cref="Build"/> found malformed.</summary>
    public IReadOnlyList<string> MalformedFeatureFlags { get; private set; } = [];

    public Dictionary<string, string?> Build(IEnumerable<CollectionSnapshot> keyValues, IEnumerable<CollectionSnapshot> featureFlags)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in keyValues.SelectMany(c => c.Settings))
        {
            if (FeatureFlagMapper.IsFeatureFlag(setting))
            {
                continue;
            }

            var key = TrimPrefix(setting.Key);
            if (IsJsonContentType(setting.ContentType) && TryFlattenJson(key, setting.Value, data))
            {
                continue;
            }

            data[key] = setting.Value;
        }

        // Insertion order of first appearance; a later selection replaces the flag in place.
        var flags = new Dictionary<string, ConfigurationSetting>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var setting in featureFlags.SelectMany(c => c.Settings))
        {
            // By key prefix: flags may be routed out of all-keys pages (SelectionPlan), where other keys are too.
            if (!setting.Key.StartsWith(FeatureFlagMapper.KeyPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!flags.ContainsKey(setting.Key))
            {
                order.Add(setting.Key);
            }

            flags[setting.Key] = setting;
        }

        var index = 0;
        var lastGood = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string?>>>(StringComparer.Ordinal);
        var malformed = new List<string>();
        foreach (var key in order)
        {
            if (MapFlag(flags[key], malformed) is not { } entries)
            {
                continue;
            }

            lastGood[key] = entries;
            FeatureFlagMapper.AddAt(entries, index, data);
            index++;
        }

        // Flags deleted from the store are forgotten, so that recreating one malformed does not bring back the old one.
        _lastGoodFlags = lastGood;
        MalformedFeatureFlags = malformed;
        return data;
    }

    /// <summary>The flag's entries, or its last good entries when it is malformed now (null when there are none).</summary>
    private IReadOnlyList<KeyValuePair<string, string?>>? MapFlag(ConfigurationSetting setting, List<string> malformed)
    {
        if (_mappedFlags.TryGetValue(setting, out var entries))
        {
            return entries;
        }

        try
        {
            entries = FeatureFlagMapper.MapRelative(setting, endpoint);
            _mappedFlags.AddOrUpdate(setting, entries);
            return entries;
        }
        catch (FormatException e)
        {
            malformed.Add(setting.Key.StartsWith(FeatureFlagMapper.KeyPrefix, StringComparison.Ordinal) ? setting.Key[FeatureFlagMapper.KeyPrefix.Length..] : setting.Key);
            if (_lastGoodFlags.TryGetValue(setting.Key, out var previous))
            {
                logger.LogWarning("Feature flag '{Key}' is malformed; keeping its last good version: {Reason}", setting.Key, e.Message);
                return previous;
            }

            logger.LogWarning("Skipped malformed feature flag '{Key}': {Reason}", setting.Key, e.Message);
            return null;
        }
    }

    private string TrimPrefix(string key)
    {
        foreach (var prefix in prefixesToTrim)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
            {
                return key[prefix.Length..];
            }
        }

        return key;
    }

    private static bool IsJsonContentType(string? contentType)
    {
        var mediaType = MediaType.Of(contentType);
        // Only plain JSON: App Configuration's own vnd types (flags, Key Vault references) are not settings values.
        return mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                    && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                    && !mediaType.StartsWith("application/vnd.microsoft.appconfig.", StringComparison.OrdinalIgnoreCase)));
    }

    private static bool TryFlattenJson(string key, string? value, Dictionary<string, string?> data)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                return false;
            }

            JsonFlattener.Flatten(document.RootElement, key, data);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
