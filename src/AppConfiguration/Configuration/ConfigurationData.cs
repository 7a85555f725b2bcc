using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The configuration data of one snapshot, with what it was built from: the key-values part (shared with the next
/// snapshot while its settings are the same) and each flag's entries by index. So the next snapshot is patched
/// from this one, and child keys are answered from indexes built once per key-values part and once per flag
/// revision rather than by scanning every key. Immutable once built (the dictionary is never written after).
/// </summary>
internal sealed class ConfigurationData
{
    private const string FlagsSection = FeatureFlagMapper.FeatureFlagsSection;
    private const string FlagsPrefix = FlagsSection + ":";
    private const string ManagementSection = "feature_management";
    private const string FlagsSegment = "feature_flags";

    // Per flag revision (the entry lists are cached per setting), so a toggle indexes one flag.
    private static readonly ConditionalWeakTable<IReadOnlyList<KeyValuePair<string, string?>>, ConfigurationChildIndex> FlagIndexes = [];

    private string[]? _indexSegments;

    public ConfigurationData(
        IDictionary<string, string?> data,
        KeyValuePart keyValues,
        ChunkedArray<IReadOnlyList<KeyValuePair<string, string?>>> flags)
    {
        Data = data;
        KeyValues = keyValues;
        Flags = flags;
    }

    /// <summary>Every key and value, as exposed through <see cref="ConfigurationProvider"/>.Data.</summary>
    /// <remarks>A <see cref="SnapshotDictionary"/> (shared parts) unless key-values lie among the flags.</remarks>
    public IDictionary<string, string?> Data { get; }

    public KeyValuePart KeyValues { get; }

    /// <summary>The entries (keys relative to the slot) of the flag at each index of the Feature Management array.</summary>
    public ChunkedArray<IReadOnlyList<KeyValuePair<string, string?>>> Flags { get; }

    /// <summary>This data with the flags replaced by <paramref name="flags"/> (as many), the key-values part kept.</summary>
    public ConfigurationData Patched(IDictionary<string, string?> data, ChunkedArray<IReadOnlyList<KeyValuePair<string, string?>>> flags) =>
        new(data, KeyValues, flags) { _indexSegments = flags.Count == Flags.Count ? _indexSegments : null };

    /// <summary>The same answer as the base <see cref="ConfigurationProvider.GetChildKeys"/>, without a scan of every key.</summary>
    /// <remarks>Each child once (the base repeats a child per key below it; <see cref="ConfigurationRoot"/> keeps one).</remarks>
    public List<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        var fromKeyValues = KeyValues.Index.ChildrenOf(parentPath);
        var fromFlags = FlagChildren(parentPath);
        var result = new List<string>(fromKeyValues.Count + fromFlags.Count);
        result.AddRange(fromKeyValues);
        result.AddRange(fromFlags);
        var own = result.Count;
        result.AddRange(earlierKeys);
        // Each part is sorted already; only a mix needs sorting.
        if (result.Count > own || (fromKeyValues.Count > 0 && fromFlags.Count > 0))
        {
            result.Sort(ConfigurationKeyComparer.Instance);
        }

        return result;
    }

    /// <summary>Whether two data sets hold the same keys (as the dictionaries compare them) with the same values.</summary>
    public static bool SameContent(IDictionary<string, string?> next, IDictionary<string, string?> current)
    {
        if (next.Count != current.Count)
        {
            return false;
        }

        foreach (var (key, value) in next)
        {
            if (!current.TryGetValue(key, out var existing) || !string.Equals(existing, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private IReadOnlyList<string> FlagChildren(string? parentPath)
    {
        if (Flags.Count == 0)
        {
            return [];
        }

        if (parentPath is null)
        {
            return [ManagementSection];
        }

        if (parentPath.Equals(ManagementSection, StringComparison.OrdinalIgnoreCase))
        {
            return [FlagsSegment];
        }

        if (parentPath.Equals(FlagsSection, StringComparison.OrdinalIgnoreCase))
        {
            return IndexSegments();
        }

        if (!parentPath.StartsWith(FlagsPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        // "feature_management:feature_flags:{i}[:rest]": the slot's own index answers for ":rest" (or "" for the slot).
        var rest = parentPath.AsSpan(FlagsPrefix.Length);
        var end = rest.IndexOf(':');
        var segment = end < 0 ? rest : rest[..end];
        if (!SnapshotDictionary.TryParseSlot(segment, Flags.Count, out var slot))
        {
            return [];
        }

        var index = FlagIndexes.GetValue(Flags[slot], static entries => ConfigurationChildIndex.Build(entries.Select(e => e.Key)));
        return index.ChildrenOf(end < 0 ? string.Empty : rest[end..].ToString());
    }

    private string[] IndexSegments()
    {
        if (_indexSegments is { } segments)
        {
            return segments;
        }

        segments = new string[Flags.Count];
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return _indexSegments = segments;
    }

    /// <summary>
    /// The key-values (plain settings, prefixes trimmed, JSON flattened) of a snapshot, with the settings they came
    /// from: an equal list (the same objects) yields the same part.
    /// </summary>
    internal sealed class KeyValuePart(IReadOnlyList<ConfigurationSetting> settings, Dictionary<string, string?> data)
    {
        public static readonly KeyValuePart Empty = new([], new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase));

        private readonly Lazy<ConfigurationChildIndex> _index = new(() => ConfigurationChildIndex.Build(data.Keys));
        private readonly Lazy<bool> _overlapsFlags = new(() => data.Keys.Any(k => k.StartsWith(ManagementSection, StringComparison.OrdinalIgnoreCase)));

        public IReadOnlyList<ConfigurationSetting> Settings { get; } = settings;

        public Dictionary<string, string?> Data { get; } = data;

        public ConfigurationChildIndex Index => _index.Value;

        /// <summary>Whether some key-value lies where flags are laid out (then a flag's slot cannot be patched alone).</summary>
        public bool OverlapsFlags => _overlapsFlags.Value;

        public bool IsFrom(List<ConfigurationSetting> settings)
        {
            if (settings.Count != Settings.Count)
            {
                return false;
            }

            for (var i = 0; i < settings.Count; i++)
            {
                if (!ReferenceEquals(settings[i], Settings[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
