using System.Globalization;
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

    // One bad write in the store must not switch a flag off everywhere: its last good mapping stays in force. Also
    // how a page answered 200 reuses the mappings of its unchanged flags (same revision, new objects).
    private Dictionary<string, MappedFlag> _lastGoodFlags = new(StringComparer.Ordinal);

    // What the next build patches.
    private ConfigurationData? _previous;

    // The flag settings the last build read, and where each is in the data; replaced settings are written in.
    private ReadFlags? _read;

    // The snapshot the last build was of, when a later one may name it as the base of its change.
    private object? _builtOrigin;

    /// <summary>The names (keys without the flag prefix) of the flags the last <see cref="Build(StoreSnapshot)"/> found malformed.</summary>
    public IReadOnlyList<string> MalformedFeatureFlags { get; private set; } = [];

    /// <summary>
    /// The data of a snapshot: the previous build patched where flags changed (a toggle costs what changed), or
    /// built whole when the key-values changed or there is no previous build. Returns whether the data differs from
    /// the previous build, or null when there was none.
    /// </summary>
    public (ConfigurationData Data, bool? Changed) Build(IEnumerable<CollectionSnapshot> keyValues, IEnumerable<CollectionSnapshot> featureFlags)
    {
        _builtOrigin = null;
        var previous = _previous;
        var plain = keyValues.SelectMany(c => c.Settings).Where(s => !FeatureFlagMapper.IsFeatureFlag(s)).ToList();
        var keyValuePart = previous is not null && previous.KeyValues.IsFrom(plain) ? previous.KeyValues : BuildKeyValues(plain);
        var patchable = previous is not null && ReferenceEquals(keyValuePart, previous.KeyValues) && !keyValuePart.OverlapsFlags;
        var (data, changed) = patchable && TryPatchChangedSettings(previous!, featureFlags) is { } patched
            ? patched
            : BuildFlags(keyValuePart, featureFlags, patchable ? previous : null, previous);
        _previous = data;
        return (data, changed);
    }

    /// <summary>
    /// As <see cref="Build(IEnumerable{CollectionSnapshot}, IEnumerable{CollectionSnapshot})"/>; a snapshot made by a
    /// change from the one built last is patched by that change alone (a toggle in a fleet costs what changed, with
    /// no pass over the other settings).
    /// </summary>
    public (ConfigurationData Data, bool? Changed) Build(StoreSnapshot snapshot)
    {
        var result = _previous is { } previous && TryApplyChange(previous, snapshot) is { } applied
            ? applied
            : Build(snapshot.KeyValues, snapshot.FlagCollections);
        _previous = result.Data;
        _builtOrigin = snapshot.Origin;
        return result;
    }

    /// <summary>Makes the next build whole (the data in force was written to from outside).</summary>
    public void Forget()
    {
        _previous = null;
        _builtOrigin = null;
    }

    /// <summary>Maps every flag setting (each revision once), then patches <paramref name="patchable"/> or builds whole.</summary>
    private (ConfigurationData Data, bool? Changed) BuildFlags(
        ConfigurationData.KeyValuePart keyValuePart, IEnumerable<CollectionSnapshot> featureFlags, ConfigurationData? patchable, ConfigurationData? previous)
    {
        // Insertion order of first appearance; a later selection replaces the flag in place.
        var flags = new Dictionary<string, (ConfigurationSetting Setting, int Position)>(StringComparer.Ordinal);
        var order = new List<string>();
        var read = new List<ConfigurationSetting>();
        var collectionStarts = new List<int>();
        foreach (var collection in featureFlags)
        {
            collectionStarts.Add(read.Count);
            foreach (var setting in collection.Settings)
            {
                if (!IsFlagSetting(setting))
                {
                    continue;
                }

                if (!flags.ContainsKey(setting.Key))
                {
                    order.Add(setting.Key);
                }

                flags[setting.Key] = (setting, read.Count);
                read.Add(setting);
            }
        }

        var slots = new List<IReadOnlyList<KeyValuePair<string, string?>>>(order.Count);
        var slotOf = new int[read.Count];
        Array.Fill(slotOf, -1);
        var lastGood = new Dictionary<string, MappedFlag>(StringComparer.Ordinal);
        var malformed = new List<string>();
        foreach (var key in order)
        {
            var (setting, position) = flags[key];
            if (MapFlag(setting, malformed) is not { } mapped)
            {
                continue;
            }

            lastGood[key] = mapped;
            slotOf[position] = slots.Count;
            slots.Add(mapped.Entries);
        }

        // Flags deleted from the store are forgotten, so that recreating one malformed does not bring back the old one.
        _lastGoodFlags = lastGood;
        malformed.Sort(StringComparer.Ordinal);
        MalformedFeatureFlags = malformed;
        _read = new ReadFlags([.. read], slotOf, [.. collectionStarts]);
        return patchable is null ? BuildWhole(keyValuePart, slots, previous) : Patch(patchable, slots);
    }

    /// <summary>
    /// When <paramref name="snapshot"/> was made from the snapshot built last by replacing flag settings (no plain
    /// key-value, no flag added or removed), maps the new settings and patches their slots. Null when that does not
    /// hold, or a replaced setting is not the one the last build read (nothing is changed then).
    /// </summary>
    private (ConfigurationData Data, bool? Changed)? TryApplyChange(ConfigurationData previous, StoreSnapshot snapshot)
    {
        if (snapshot.Change is not { } change || _builtOrigin is null || !ReferenceEquals(change.BaseOrigin, _builtOrigin)
            || _read is not { } read || previous.KeyValues.OverlapsFlags)
        {
            return null;
        }

        foreach (var changes in change.KeyValues)
        {
            foreach (var (before, after) in changes)
            {
                // A plain key-value builds the key-values part again.
                if ((before is not null && !FeatureFlagMapper.IsFeatureFlag(before)) || (after is not null && !FeatureFlagMapper.IsFeatureFlag(after)))
                {
                    return null;
                }
            }
        }

        var flagChanges = snapshot.FlagsFromKeyValues ? change.KeyValues : change.FeatureFlags;
        var replaced = new Dictionary<int, ConfigurationSetting>();
        for (var collection = 0; collection < flagChanges.Length; collection++)
        {
            foreach (var (before, after) in flagChanges[collection])
            {
                if (before is null || after is null)
                {
                    // Every later setting moves.
                    return null;
                }

                if (!IsFlagSetting(before))
                {
                    continue;
                }

                if (!read.TryFind(collection, before, out var at)
                    || !ReferenceEquals(replaced.TryGetValue(at, out var pending) ? pending : read.Settings[at], before))
                {
                    return null;
                }

                replaced[at] = after;
            }
        }

        return MapReplaced(read, replaced) is { } slots ? PatchSlots(previous, slots) : null;
    }

    /// <summary>
    /// When the flag settings are those of the previous build in the same order, each either the same object or one
    /// of the same key (what a fleet delta or a page read again gives), maps only the new objects and patches their
    /// slots: no flag is looked up or mapped again. Null when that does not hold (nothing is changed then), or a
    /// flag was malformed in the previous build.
    /// </summary>
    private (ConfigurationData Data, bool? Changed)? TryPatchChangedSettings(ConfigurationData previous, IEnumerable<CollectionSnapshot> featureFlags)
    {
        if (_read is not { } read)
        {
            return null;
        }

        Dictionary<int, ConfigurationSetting>? replaced = null;
        var position = 0;
        foreach (var setting in FlagSettings(featureFlags))
        {
            if (position == read.Settings.Length)
            {
                return null;
            }

            var before = read.Settings[position];
            if (!ReferenceEquals(before, setting))
            {
                if (!string.Equals(before.Key, setting.Key, StringComparison.Ordinal))
                {
                    return null;
                }

                (replaced ??= [])[position] = setting;
            }

            position++;
        }

        if (position != read.Settings.Length)
        {
            return null;
        }

        if (replaced is null)
        {
            return (previous, false);
        }

        return MapReplaced(read, replaced) is { } slots ? PatchSlots(previous, slots) : null;
    }

    /// <summary>
    /// Writes the replaced settings (by position) into what the last build read and maps them: the new entries of each
    /// slot they are in force for (a setting overridden by a later one of the same key is not in the data). Null, with
    /// nothing changed, when one replaces a flag left out as malformed: mapped now, it would need a slot of its own.
    /// </summary>
    private Dictionary<int, IReadOnlyList<KeyValuePair<string, string?>>>? MapReplaced(ReadFlags read, Dictionary<int, ConfigurationSetting> replaced)
    {
        foreach (var (at, setting) in replaced)
        {
            // No slot and no mapping of its key: left out (a slot of -1 with a mapped key is overridden by another).
            if (read.SlotOf[at] < 0 && !_lastGoodFlags.ContainsKey(setting.Key))
            {
                return null;
            }
        }

        var slots = new Dictionary<int, IReadOnlyList<KeyValuePair<string, string?>>>();
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        var malformed = new List<string>();
        foreach (var (at, setting) in replaced)
        {
            read.Settings[at] = setting;
            if (read.SlotOf[at] is var slot and >= 0 && MapFlag(setting, malformed) is { } entries)
            {
                _lastGoodFlags[setting.Key] = entries;
                slots[slot] = entries.Entries;
                mapped.Add(FlagName(setting.Key));
            }
        }

        // The flags mapped again are malformed now or not; every other keeps what the last build found.
        malformed.AddRange(MalformedFeatureFlags.Where(name => !mapped.Contains(name)));
        malformed.Sort(StringComparer.Ordinal);
        MalformedFeatureFlags = [.. malformed.Distinct()];
        return slots;
    }

    /// <summary>The flag settings of the collections in order (by key prefix: flags may be routed out of all-keys pages, <see cref="SelectionPlan"/>).</summary>
    private static IEnumerable<ConfigurationSetting> FlagSettings(IEnumerable<CollectionSnapshot> featureFlags) =>
        featureFlags.SelectMany(c => c.Settings).Where(IsFlagSetting);

    private static bool IsFlagSetting(ConfigurationSetting setting) => setting.Key.StartsWith(FeatureFlagMapper.KeyPrefix, StringComparison.Ordinal);

    private static (ConfigurationData Data, bool? Changed) BuildWhole(
        ConfigurationData.KeyValuePart keyValues, List<IReadOnlyList<KeyValuePair<string, string?>>> slots, ConfigurationData? previous)
    {
        IDictionary<string, string?> data;
        if (keyValues.OverlapsFlags)
        {
            var whole = new Dictionary<string, string?>(keyValues.Data, StringComparer.OrdinalIgnoreCase);
            for (var index = 0; index < slots.Count; index++)
            {
                FeatureFlagMapper.AddAt(slots[index], index, whole);
            }

            data = whole;
        }
        else
        {
            var parts = new Dictionary<string, string?>[slots.Count];
            for (var index = 0; index < slots.Count; index++)
            {
                parts[index] = SnapshotDictionary.SlotOf(slots[index], index);
            }

            data = new SnapshotDictionary(keyValues.Data, parts);
        }

        return (new ConfigurationData(data, keyValues, ChunkedArray<IReadOnlyList<KeyValuePair<string, string?>>>.From(slots)), previous is null ? null : !ConfigurationData.SameContent(data, previous.Data));
    }

    /// <summary>
    /// The previous data with the slots whose entries differ built again; flags keep their mapping objects while
    /// unchanged, so only changed, added, removed (and shifted) flags are touched, and the other slots' parts are
    /// shared (the previous data is never written: readers may hold it). Only for data made of parts (key-values
    /// outside the flags' section).
    /// </summary>
    private static (ConfigurationData Data, bool Changed) Patch(ConfigurationData previous, List<IReadOnlyList<KeyValuePair<string, string?>>> slots)
    {
        var before = (SnapshotDictionary)previous.Data;
        Dictionary<string, string?>[]? parts = null;
        var changed = false;
        for (var index = 0; index < Math.Max(slots.Count, previous.Flags.Count); index++)
        {
            var was = index < previous.Flags.Count ? previous.Flags[index] : null;
            var now = index < slots.Count ? slots[index] : null;
            if (ReferenceEquals(was, now))
            {
                continue;
            }

            if (parts is null)
            {
                parts = new Dictionary<string, string?>[slots.Count];
                for (var shared = 0; shared < Math.Min(slots.Count, previous.Flags.Count); shared++)
                {
                    parts[shared] = before.Slot(shared);
                }
            }

            // Both sides keyed alike (the same slot), so the slot dictionaries compare as the whole data would.
            var part = now is null ? null : parts[index] = SnapshotDictionary.SlotOf(now, index);
            changed |= was is null || part is null || !ConfigurationData.SameContent(part, before.Slot(index));
        }

        return parts is null
            ? (previous, false)
            : (previous.Patched(new SnapshotDictionary(previous.KeyValues.Data, parts), ChunkedArray<IReadOnlyList<KeyValuePair<string, string?>>>.From(slots)), changed);
    }

    /// <summary>
    /// The previous data with the given slots' entries in place: their parts built again, every other part and
    /// flag shared, without a pass over the slots (the previous data is never written: readers may hold it).
    /// </summary>
    private static (ConfigurationData Data, bool Changed) PatchSlots(
        ConfigurationData previous, Dictionary<int, IReadOnlyList<KeyValuePair<string, string?>>> slots)
    {
        var before = (SnapshotDictionary)previous.Data;
        var flags = new List<KeyValuePair<int, IReadOnlyList<KeyValuePair<string, string?>>>>(slots.Count);
        var parts = new List<KeyValuePair<int, Dictionary<string, string?>>>(slots.Count);
        var count = before.Count;
        var changed = false;
        foreach (var (index, entries) in slots)
        {
            if (ReferenceEquals(previous.Flags[index], entries))
            {
                continue;
            }

            var part = SnapshotDictionary.SlotOf(entries, index);
            var was = before.Slot(index);
            changed |= !ConfigurationData.SameContent(part, was);
            count += part.Count - was.Count;
            flags.Add(new(index, entries));
            parts.Add(new(index, part));
        }

        return flags.Count == 0
            ? (previous, false)
            : (previous.Patched(new SnapshotDictionary(previous.KeyValues.Data, before.Slots.SetItems(parts), count), previous.Flags.SetItems(flags)), changed);
    }

    private ConfigurationData.KeyValuePart BuildKeyValues(List<ConfigurationSetting> settings)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var key = TrimPrefix(setting.Key);
            if (IsJsonContentType(setting.ContentType) && TryFlattenJson(key, setting.Value, data))
            {
                continue;
            }

            data[key] = setting.Value;
        }

        return new ConfigurationData.KeyValuePart(settings, data);
    }

    /// <summary>The flag's entries, or its last good entries when it is malformed now (null when there are none).</summary>
    private MappedFlag? MapFlag(ConfigurationSetting setting, List<string> malformed)
    {
        if (_mappedFlags.TryGetValue(setting, out var entries))
        {
            return new MappedFlag(setting, entries);
        }

        _lastGoodFlags.TryGetValue(setting.Key, out var previous);
        if (previous is not null && previous.IsSameRevision(setting))
        {
            // A page read again whole: its unchanged flags keep their mapping (and so their slot in the data).
            _mappedFlags.AddOrUpdate(setting, previous.Entries);
            return previous with { Setting = setting };
        }

        try
        {
            entries = FeatureFlagMapper.MapRelative(setting, endpoint);
            _mappedFlags.AddOrUpdate(setting, entries);
            return new MappedFlag(setting, entries);
        }
        catch (FormatException e)
        {
            malformed.Add(FlagName(setting.Key));
            if (previous is not null)
            {
                logger.LogWarning("Feature flag '{Key}' is malformed; keeping its last good version: {Reason}", setting.Key, e.Message);
                return previous;
            }

            logger.LogWarning("Skipped malformed feature flag '{Key}': {Reason}", setting.Key, e.Message);
            return null;
        }
    }

    private static string FlagName(string key) =>
        key.StartsWith(FeatureFlagMapper.KeyPrefix, StringComparison.Ordinal) ? key[FeatureFlagMapper.KeyPrefix.Length..] : key;

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

/// <summary>A flag's entries and the setting (revision) they were mapped from.</summary>
internal sealed record MappedFlag(ConfigurationSetting Setting, IReadOnlyList<KeyValuePair<string, string?>> Entries)
{
    /// <summary>Whether <paramref name="other"/> maps to the same entries: everything the mapping reads is equal.</summary>
    public bool IsSameRevision(ConfigurationSetting other) =>
        string.Equals(Setting.Key, other.Key, StringComparison.Ordinal)
        && string.Equals(Setting.Label, other.Label, StringComparison.Ordinal)
        && string.Equals(Setting.Value, other.Value, StringComparison.Ordinal)
        && string.Equals(Setting.ContentType, other.ContentType, StringComparison.Ordinal)
        && Setting.ETag.Equals(other.ETag);
}

/// <summary>
/// The flag settings a build read, in order, the slot of each (-1: overridden by a later one of its key, or left
/// out), and where each collection's settings begin.
/// </summary>
internal sealed class ReadFlags(ConfigurationSetting[] settings, int[] slotOf, int[] collectionStarts)
{
    // Built at the first change applied: a build that is never patched by a change does not pay for it.
    private Dictionary<(int Collection, string Key, string? Label), int>? _positions;

    public ConfigurationSetting[] Settings { get; } = settings;

    public int[] SlotOf { get; } = slotOf;

    /// <summary>Where the setting of <paramref name="setting"/>'s key and label read from <paramref name="collection"/> is.</summary>
    public bool TryFind(int collection, ConfigurationSetting setting, out int position)
    {
        _positions ??= IndexPositions();
        return _positions.TryGetValue((collection, setting.Key, setting.Label), out position);
    }

    private Dictionary<(int Collection, string Key, string? Label), int> IndexPositions()
    {
        var positions = new Dictionary<(int Collection, string Key, string? Label), int>(Settings.Length);
        for (var collection = 0; collection < collectionStarts.Length; collection++)
        {
            var end = collection + 1 < collectionStarts.Length ? collectionStarts[collection + 1] : Settings.Length;
            for (var at = collectionStarts[collection]; at < end; at++)
            {
                positions.TryAdd((collection, Settings[at].Key, Settings[at].Label), at);
            }
        }

        return positions;
    }
}
