using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Turns the loaded collections into configuration data: key-values in selection order (later wins), prefixes
/// trimmed, JSON values flattened; then feature flags (the <c>.appconfig.featureflag/</c> keys of the flag
/// collections, later selection wins per flag key) into the Feature Management layout, skipping malformed flags
/// with a warning.
/// </summary>
internal sealed class SnapshotBuilder(IReadOnlyList<string> prefixesToTrim, Uri endpoint, ILogger logger)
{
    // Pages answered 304 keep their setting objects, so a flag's mapping is computed once per revision.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ConfigurationSetting, IReadOnlyList<KeyValuePair<string, string?>>> _mappedFlags = [];

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
        foreach (var key in order)
        {
            try
            {
                var setting = flags[key];
                if (!_mappedFlags.TryGetValue(setting, out var entries))
                {
                    entries = FeatureFlagMapper.MapRelative(setting, endpoint);
                    _mappedFlags.AddOrUpdate(setting, entries);
                }

                FeatureFlagMapper.AddAt(entries, index, data);
                index++;
            }
            catch (FormatException e)
            {
                logger.LogWarning("Skipped malformed feature flag '{Key}': {Reason}", key, e.Message);
            }
        }

        return data;
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
