using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// An immutable index of the flags of one configuration snapshot: answers "is there such a flag" in O(1) and
/// tells which flags differ between two snapshots.
/// </summary>
internal sealed class FlagCatalog
{
    private const string MicrosoftSchemaFlags = "feature_management:feature_flags";
    private const string DotnetSchemaSection = "FeatureManagement";
    private static readonly string[] Sections = [MicrosoftSchemaFlags, DotnetSchemaSection];

    // Written by the rollout executor next to each percentage it writes; read here as plain flag configuration.
    private const string RolloutReasonField = "telemetry:metadata:RolloutReason";

    private readonly Dictionary<string, FlagEntry> _flags;

    private FlagCatalog(Dictionary<string, FlagEntry> flags) => _flags = flags;

    public int Count => _flags.Count;

    public bool TryGet(string key, out FlagEntry entry) => _flags.TryGetValue(key, out entry!);

    /// <summary>The keys of flags added, removed or changed in <paramref name="newer"/>, sorted.</summary>
    public List<string> ChangedKeys(FlagCatalog newer)
    {
        var changed = new List<string>();
        foreach (var (key, entry) in newer._flags)
        {
            if (!_flags.TryGetValue(key, out var old) || old.Fingerprint != entry.Fingerprint)
            {
                changed.Add(entry.Key);
            }
        }

        foreach (var (key, entry) in _flags)
        {
            if (!newer._flags.ContainsKey(key))
            {
                changed.Add(entry.Key);
            }
        }

        changed.Sort(StringComparer.Ordinal);
        return changed;
    }

    /// <summary>
    /// The rollout reasons of the <paramref name="changed"/> flags that <paramref name="newer"/> gives a new one: a
    /// reason left from an earlier rollout write is not the cause of a later edit.
    /// </summary>
    public List<KeyValuePair<string, string>> NewRolloutReasons(FlagCatalog newer, List<string> changed)
    {
        var reasons = new List<KeyValuePair<string, string>>();
        foreach (var key in changed)
        {
            if (newer._flags.TryGetValue(key, out var entry) && !string.IsNullOrEmpty(entry.Fields.RolloutReason)
                && (!_flags.TryGetValue(key, out var old) || old.Fields.RolloutReason != entry.Fields.RolloutReason))
            {
                reasons.Add(new(entry.Key, entry.Fields.RolloutReason));
            }
        }

        return reasons;
    }

    /// <summary>Indexes the flags laid out in <paramref name="configuration"/> (both Feature Management schemas).</summary>
    public static FlagCatalog FromConfiguration(IConfiguration configuration)
    {
        var keys = ConfigurationKeyReader.Read(configuration, Sections);

        // Group "feature_management:feature_flags:{i}:..." by i, and "FeatureManagement:{name}[:...]" by name.
        var microsoft = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        var dotnet = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in keys)
        {
            var underMicrosoft = key.StartsWith(MicrosoftSchemaFlags + ":", StringComparison.OrdinalIgnoreCase);
            var rest = key[((underMicrosoft ? MicrosoftSchemaFlags : DotnetSchemaSection).Length + 1)..];
            var separator = rest.IndexOf(':', StringComparison.Ordinal);
            var group = separator < 0 ? rest : rest[..separator];
            var path = separator < 0 ? string.Empty : rest[(separator + 1)..];
            var groups = underMicrosoft ? microsoft : dotnet;
            if (!groups.TryGetValue(group, out var fields))
            {
                groups[group] = fields = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }

            fields[path] = value;
        }

        var flags = new Dictionary<string, FlagEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, fields) in dotnet)
        {
            flags[name] = new FlagEntry(name, Fingerprint(fields), RawFlagFields.None);
        }

        // Declarations later in the array win, as in Microsoft.FeatureManagement.
        foreach (var (_, fields) in microsoft.OrderBy(pair => ArrayIndex(pair.Key)))
        {
            if (fields.TryGetValue("id", out var id) && !string.IsNullOrEmpty(id))
            {
                fields.TryGetValue("description", out var description);
                fields.TryGetValue("display_name", out var displayName);
                fields.TryGetValue("label", out var label);
                fields.TryGetValue(RolloutReasonField, out var rolloutReason);
                flags[id] = new FlagEntry(id, Fingerprint(fields), new RawFlagFields(description, displayName, label, rolloutReason));
            }
        }

        return new FlagCatalog(flags);
    }

    /// <summary>Indexes the flags of any definition provider (no fingerprints: such sources announce no reloads).</summary>
    public static async Task<FlagCatalog> FromDefinitionsAsync(IFeatureDefinitionProvider definitions, CancellationToken cancellationToken)
    {
        var flags = new Dictionary<string, FlagEntry>(StringComparer.OrdinalIgnoreCase);
        await foreach (var definition in definitions.GetAllFeatureDefinitionsAsync().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (definition?.Name is { } name)
            {
                flags[name] = new FlagEntry(name, string.Empty, RawFlagFields.None);
            }
        }

        return new FlagCatalog(flags);
    }

    private static long ArrayIndex(string segment) =>
        long.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : long.MaxValue;

    private static string Fingerprint(SortedDictionary<string, string> fields)
    {
        var text = new StringBuilder();
        foreach (var (path, value) in fields)
        {
            text.Append(path).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }
}
