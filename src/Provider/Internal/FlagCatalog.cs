using System.Diagnostics.CodeAnalysis;
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

    private readonly LayeredMap<FlagEntry> _flags;

    // What the flags were indexed from (null for a catalog of definitions): the next reload patches it.
    private readonly RawFlags? _raw;

    // Stands for this catalog in a later one patched from it (a catalog never holds an older one: no chain of them is kept).
    private readonly object _identity = new();

    // When patched from another catalog: that one's identity, and the only keys whose entries may differ from it.
    private readonly object? _patchedFrom;
    private readonly HashSet<string>? _touched;

    private FlagCatalog(LayeredMap<FlagEntry> flags, RawFlags? raw = null, FlagCatalog? patchedFrom = null, HashSet<string>? touched = null)
    {
        _flags = flags;
        _raw = raw;
        _patchedFrom = patchedFrom?._identity;
        _touched = patchedFrom is null ? null : touched ?? [];
    }

    public int Count => _flags.Count;

    public IEnumerable<string> Keys => _flags.Keys;

    public bool TryGet(string key, out FlagEntry entry) => _flags.TryGetValue(key, out entry!);

    /// <summary>The keys of flags added, removed or changed in <paramref name="newer"/>, sorted.</summary>
    /// <remarks>A catalog patched from this one is compared on the keys the patch touched only.</remarks>
    public List<string> ChangedKeys(FlagCatalog newer)
    {
        var changed = new List<string>();
        if (ReferenceEquals(newer._patchedFrom, _identity) && newer._touched is { } touched)
        {
            foreach (var key in touched)
            {
                var had = _flags.TryGetValue(key, out var old);
                if (newer._flags.TryGetValue(key, out var entry))
                {
                    if (!had || old!.Fingerprint != entry.Fingerprint)
                    {
                        changed.Add(entry.Key);
                    }
                }
                else if (had)
                {
                    changed.Add(old!.Key);
                }
            }

            changed.Sort(StringComparer.Ordinal);
            return changed;
        }

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
    public static FlagCatalog FromConfiguration(IConfiguration configuration) =>
        FromSequence(KeySequence.Read(configuration));

    private static FlagCatalog FromSequence(KeySequence sequence)
    {
        var keys = sequence.InForce();
        var microsoft = new Dictionary<string, FlagGroup>(StringComparer.OrdinalIgnoreCase);
        var dotnet = new Dictionary<string, FlagGroup>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in keys)
        {
            var (isMicrosoft, group, path) = Locate(key);
            var groups = isMicrosoft ? microsoft : dotnet;
            if (!groups.TryGetValue(group, out var fields))
            {
                groups[group] = fields = new FlagGroup(group, isMicrosoft);
            }

            fields.Fields[path] = value;
        }

        foreach (var group in microsoft.Values.Concat(dotnet.Values))
        {
            group.Index();
        }

        return Assemble(new RawFlags(sequence, sequence.Version, LayeredMap<FlagGroup>.Of(microsoft), LayeredMap<FlagGroup>.Of(dotnet), MicrosoftOrder: null), previous: null, dirtyIds: null);
    }

    /// <summary>
    /// The catalog of the <paramref name="configuration"/> after a reload. The keys are read and compared with the
    /// ones this catalog was indexed from; only the flags with a key added, removed or changed are indexed again,
    /// and the others keep their entries (and the details loaded for them). A reload that changes most keys is
    /// indexed whole.
    /// </summary>
    /// <remarks>
    /// A reload that changes one stretch of keys (a toggle, even one that adds or removes keys of its flag) is
    /// compared with the keys read last by common prefix and suffix, without a lookup or a copy of every key; anything
    /// else compares the key sets.
    /// </remarks>
    public FlagCatalog Reload(IConfiguration configuration)
    {
        if (_raw?.Sequence is null || !_raw.OwnsSequence)
        {
            return FromConfiguration(configuration);
        }

        if (_raw.Sequence.TryUpdate(configuration, out var updates))
        {
            return updates.Count == 0
                ? new FlagCatalog(_flags, _raw, patchedFrom: this)
                : Patch([.. updates.Keys], key => updates.GetValueOrDefault(key), _raw.Sequence);
        }

        var sequence = KeySequence.Read(configuration);
        var keys = sequence.InForce();
        var changed = new List<string>();
        var previous = _raw.Sequence.InForce().GetAlternateLookup<ReadOnlySpan<char>>();
        var kept = 0;
        foreach (var (key, value) in keys)
        {
            if (previous.TryGetValue(key, out var spelling, out var old))
            {
                kept++;
                // A key spelled otherwise now is a change too: the fingerprint holds the spelling.
                if (string.Equals(old, value, StringComparison.Ordinal) && string.Equals(spelling, key, StringComparison.Ordinal))
                {
                    continue;
                }
            }

            changed.Add(key);
        }

        if (kept < previous.Dictionary.Count)
        {
            changed.AddRange(previous.Dictionary.Keys.Where(key => !keys.ContainsKey(key)));
        }

        if (changed.Count == 0)
        {
            return new FlagCatalog(_flags, _raw with { Sequence = sequence, Version = sequence.Version }, patchedFrom: this);
        }

        if (changed.Count > keys.Count / 4)
        {
            return FromSequence(sequence);
        }

        return Patch(changed, key => keys.TryGetValue(key, out var value) ? value : null, sequence);
    }

    /// <summary>
    /// The catalog after a reload that changed only the keys at or under <paramref name="sections"/> (each a flag's
    /// section: <c>feature_management:feature_flags:{i}</c> or <c>FeatureManagement:{name}</c>), as
    /// <paramref name="feed"/> reported: only their keys are read (those of the feed's provider through the feed), and
    /// only their flags indexed again. Anything else is read whole.
    /// </summary>
    /// <remarks>
    /// The keys read last are then no longer all known, so the next full read (rare once a feed reports the changes)
    /// indexes whole, and the flags' details load again on their next evaluation.
    /// </remarks>
    public FlagCatalog ReloadSections(IConfigurationRoot root, IConfigurationChangeFeed feed, IReadOnlyList<string> sections)
    {
        if (_raw is null || !sections.All(IsFlagSection))
        {
            return Reload(root);
        }

        var patch = new GroupPatch(_raw);
        foreach (var section in sections)
        {
            // A section that lost its keys is a flag removed: its group is emptied and then dropped.
            patch.Open(section, out _).Clear();
        }

        foreach (var (key, value) in ConfigurationKeyReader.SectionPairs(root, feed, sections))
        {
            patch.Open(key, out var path)[path] = value;
        }

        return patch.Finish(this, sequence: null);
    }

    /// <summary>Indexes again the groups of the <paramref name="changed"/> keys (copy on write: this catalog's groups stay as they are).</summary>
    private FlagCatalog Patch(List<string> changed, Func<string, string?> valueOf, KeySequence sequence)
    {
        var patch = new GroupPatch(_raw!);
        foreach (var key in changed)
        {
            var fields = patch.Open(key, out var path);
            fields.Remove(path);
            if (valueOf(key) is { } value)
            {
                fields[path] = value;
            }
        }

        return patch.Finish(this, sequence);
    }

    private static bool IsFlagSection(string section)
    {
        var prefix = section.StartsWith(MicrosoftSchemaFlags + ":", StringComparison.OrdinalIgnoreCase) ? MicrosoftSchemaFlags
            : section.StartsWith(DotnetSchemaSection + ":", StringComparison.OrdinalIgnoreCase) ? DotnetSchemaSection
            : null;
        return prefix is not null && section.Length > prefix.Length + 1 && section.IndexOf(':', prefix.Length + 1) < 0;
    }

    private static (bool IsMicrosoft, string Group, string Path) Locate(string key)
    {
        // Group "feature_management:feature_flags:{i}:..." by i, and "FeatureManagement:{name}[:...]" by name.
        var underMicrosoft = key.StartsWith(MicrosoftSchemaFlags + ":", StringComparison.OrdinalIgnoreCase);
        var rest = key[((underMicrosoft ? MicrosoftSchemaFlags : DotnetSchemaSection).Length + 1)..];
        var separator = rest.IndexOf(':', StringComparison.Ordinal);
        var group = separator < 0 ? rest : rest[..separator];
        var path = separator < 0 ? string.Empty : rest[(separator + 1)..];
        return (underMicrosoft, group, path);
    }

    // Ties (segments that are no index, or the same index spelled twice) in one order whatever the dictionary's order.
    private static string[] OrderOf(LayeredMap<FlagGroup> microsoft) =>
        [.. microsoft.Keys.OrderBy(ArrayIndex).ThenBy(name => name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// The flags of every group: .NET schema first, then the array in order (later declarations win, as in
    /// Microsoft.FeatureManagement). A flag keeps its entry unless some group of its key changed.
    /// </summary>
    private static FlagCatalog Assemble(RawFlags raw, FlagCatalog? previous, HashSet<string>? dirtyIds)
    {
        var order = raw.MicrosoftOrder ?? OrderOf(raw.Microsoft);
        // Sized up front: growing to 10,000 flags allocates twice what it keeps.
        var flags = new Dictionary<string, FlagEntry>(raw.Dotnet.Count + raw.Microsoft.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, group) in raw.Dotnet)
        {
            flags[name] = group.Entry!;
        }

        foreach (var index in order)
        {
            if (raw.Microsoft[index].Entry is { } entry)
            {
                flags[entry.Key] = entry;
            }
        }

        if (previous is not null && dirtyIds is not null)
        {
            foreach (var id in dirtyIds)
            {
                // A clean group may win now for the key of a changed one: its details are loaded again.
                if (flags.TryGetValue(id, out var entry) && previous._flags.TryGetValue(id, out var old) && ReferenceEquals(entry, old))
                {
                    flags[id] = new FlagEntry(entry.Key, entry.Fingerprint, entry.Fields);
                }
            }
        }

        // Every .NET schema section declares its flag; an array element does when it has an id.
        var declarations = raw.Dotnet.Count + raw.Microsoft.Values.Count(group => group.Entry is not null);
        return new FlagCatalog(LayeredMap<FlagEntry>.Of(flags), raw with { MicrosoftOrder = order, HasDuplicates = declarations != flags.Count }, previous, dirtyIds);
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

        return new FlagCatalog(LayeredMap<FlagEntry>.Of(flags));
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

    /// <summary>
    /// The keys a catalog was indexed from (<see cref="Sequence"/> at <see cref="Version"/>; null after a reload that read
    /// some sections only), grouped by flag; the array groups in declaration order (null: not known since groups were
    /// added or removed; the next whole assembly sorts them again).
    /// </summary>
    private sealed record RawFlags(
        KeySequence? Sequence,
        int Version,
        LayeredMap<FlagGroup> Microsoft,
        LayeredMap<FlagGroup> Dotnet,
        string[]? MicrosoftOrder)
    {
        /// <summary>Whether some flag key is declared more than once (then which declaration wins takes the whole order).</summary>
        public bool HasDuplicates { get; init; }

        /// <summary>Whether the sequence still holds the keys of this catalog (no newer catalog updated it in place).</summary>
        public bool OwnsSequence => Sequence?.Version == Version;
    }

    /// <summary>
    /// The keys under the flag sections as read, in reading order (a key read from several providers comes more than
    /// once; the last one is in force, spelled as the first one). A reload that changes one stretch of keys (a
    /// toggle) is compared with it by common prefix and suffix and written in place, so that it copies and looks up
    /// no other key; the version then moves on, and the older catalog no longer owns it.
    /// </summary>
    private sealed class KeySequence
    {
        private readonly HashSet<string> _keys;
        private KeyValuePair<string, string>[] _pairs;
        private int _count;

        // What the next read goes into (the previous pairs after an update): no array per reload.
        private KeyValuePair<string, string>[] _spare = [];

        private KeySequence(KeyValuePair<string, string>[] pairs)
        {
            _pairs = pairs;
            _count = pairs.Length;
            _keys = new HashSet<string>(pairs.Select(pair => pair.Key), StringComparer.OrdinalIgnoreCase);
        }

        public int Version { get; private set; }

        public static KeySequence Read(IConfiguration configuration) => new([.. ConfigurationKeyReader.Pairs(configuration, Sections)]);

        /// <summary>Every key (first spelling) with its value in force, as <see cref="IConfiguration"/> answers.</summary>
        public Dictionary<string, string> InForce()
        {
            var keys = new Dictionary<string, string>(_keys.Count, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _count; i++)
            {
                keys[_pairs[i].Key] = _pairs[i].Value;
            }

            return keys;
        }

        /// <summary>
        /// When <paramref name="configuration"/> differs from these keys in one stretch of at most a quarter of them,
        /// each key read once, takes it and gives the keys of that stretch with their new values (null: removed);
        /// otherwise changes nothing and returns false.
        /// </summary>
        public bool TryUpdate(IConfiguration configuration, [NotNullWhen(true)] out Dictionary<string, string?>? changed)
        {
            changed = null;
            if (_keys.Count != _count)
            {
                // Some key comes from two providers: which value is in force takes the whole comparison.
                return false;
            }

            var next = _spare;
            var length = 0;
            foreach (var pair in ConfigurationKeyReader.Pairs(configuration, Sections))
            {
                if (length == next.Length)
                {
                    Array.Resize(ref next, Math.Max(16, Math.Max(next.Length * 2, _count)));
                }

                next[length++] = pair;
            }

            _spare = next;
            var start = 0;
            while (start < _count && start < length && Same(_pairs[start], next[start]))
            {
                start++;
            }

            var endBefore = _count;
            var endAfter = length;
            while (endBefore > start && endAfter > start && Same(_pairs[endBefore - 1], next[endAfter - 1]))
            {
                endBefore--;
                endAfter--;
            }

            if ((endBefore - start) + (endAfter - start) > Math.Max(_count, length) / 4)
            {
                return false;
            }

            var before = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = start; i < endBefore; i++)
            {
                before.Add(_pairs[i].Key);
            }

            changed = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var i = start; i < endAfter; i++)
            {
                // Read twice now, or also read outside the stretch: not a one-stretch change.
                if (!changed.TryAdd(next[i].Key, next[i].Value) || (_keys.Contains(next[i].Key) && !before.Contains(next[i].Key)))
                {
                    changed = null;
                    return false;
                }
            }

            foreach (var key in before)
            {
                _keys.Remove(key);
                changed.TryAdd(key, null);
            }

            for (var i = start; i < endAfter; i++)
            {
                _keys.Add(next[i].Key);
            }

            _spare = _pairs;
            _pairs = next;
            _count = length;
            if (changed.Count > 0)
            {
                Version++;
            }

            return true;

            static bool Same(KeyValuePair<string, string> a, KeyValuePair<string, string> b) =>
                string.Equals(a.Key, b.Key, StringComparison.Ordinal) && string.Equals(a.Value, b.Value, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The groups of a catalog being patched: a group is copied when first opened (the catalog's own groups stay as
    /// they are), and the opened ones are indexed again when done.
    /// </summary>
    private sealed class GroupPatch(RawFlags raw)
    {
        // The opened groups (copies) by name, as the catalog spells them; emptied ones become removals.
        private readonly Dictionary<string, FlagGroup?> _microsoft = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, FlagGroup?> _dotnet = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _dirtyIds = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _oldIds = new(StringComparer.OrdinalIgnoreCase);
        private bool _groupsAddedOrRemoved;

        /// <summary>The fields (writable) of the group of <paramref name="key"/>, and the key's path in it.</summary>
        public SortedDictionary<string, string> Open(string key, out string path)
        {
            var (isMicrosoft, group, keyPath) = Locate(key);
            path = keyPath;
            var opened = isMicrosoft ? _microsoft : _dotnet;
            if (opened.TryGetValue(group, out var fields))
            {
                return fields!.Fields;
            }

            if ((isMicrosoft ? raw.Microsoft : raw.Dotnet).TryGetValue(group, out var existing))
            {
                if (existing.Id is { } oldId)
                {
                    _dirtyIds.Add(oldId);
                    _oldIds.Add(oldId);
                }

                fields = existing.Copy();
            }
            else
            {
                fields = new FlagGroup(group, isMicrosoft);
                _groupsAddedOrRemoved = true;
            }

            opened[fields.Name] = fields;
            return fields.Fields;
        }

        /// <summary>The catalog of the patched groups; the flags of unopened groups keep their entries from <paramref name="previous"/>.</summary>
        public FlagCatalog Finish(FlagCatalog previous, KeySequence? sequence)
        {
            foreach (var opened in new[] { _microsoft, _dotnet })
            {
                foreach (var group in opened.Values.ToList())
                {
                    if (group!.Fields.Count == 0)
                    {
                        opened[group.Name] = null;
                        _groupsAddedOrRemoved = true;
                        continue;
                    }

                    group.Index();
                    if (group.Id is { } id)
                    {
                        _dirtyIds.Add(id);
                    }
                }
            }

            var patched = new RawFlags(
                sequence,
                sequence?.Version ?? 0,
                raw.Microsoft.With(_microsoft),
                raw.Dotnet.With(_dotnet),
                _groupsAddedOrRemoved ? null : raw.MicrosoftOrder);
            return PatchFlags(previous, patched) ?? Assemble(patched, previous, _dirtyIds);
        }

        /// <summary>
        /// The previous flags with those of the patched groups replaced, when each key declared by a patched group is
        /// declared nowhere else (as ever but in odd stores): no other flag is looked at. Null when it takes the whole
        /// declaration order.
        /// </summary>
        private FlagCatalog? PatchFlags(FlagCatalog previous, RawFlags patched)
        {
            if (raw.HasDuplicates)
            {
                return null;
            }

            var declared = new Dictionary<string, FlagEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in _microsoft.Values.Concat(_dotnet.Values))
            {
                // Declared twice among the patched groups, or also by a group left as it was.
                if (group?.Entry is { } entry
                    && (!declared.TryAdd(entry.Key, entry) || (previous._flags.ContainsKey(entry.Key) && !_oldIds.Contains(entry.Key))))
                {
                    return null;
                }
            }

            // A key spelled otherwise now is keyed as its entry spells it, as a whole assembly does.
            var changes = new Dictionary<string, FlagEntry?>(StringComparer.OrdinalIgnoreCase);
            foreach (var id in _dirtyIds)
            {
                changes[declared.TryGetValue(id, out var entry) ? entry.Key : id] = entry;
            }

            return new FlagCatalog(previous._flags.With(changes), patched with { HasDuplicates = false }, previous, _dirtyIds);
        }
    }

    /// <summary>The fields of one flag declaration (an array element or a .NET schema section) and its entry.</summary>
    private sealed class FlagGroup(string name, bool isMicrosoft)
    {
        public string Name { get; } = name;

        public bool IsMicrosoft { get; } = isMicrosoft;

        public SortedDictionary<string, string> Fields { get; private init; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The flag key: the section name, or the element's <c>id</c> (null when it has none).</summary>
        public string? Id => Entry?.Key;

        public FlagEntry? Entry { get; private set; }

        public FlagGroup Copy() => new(Name, IsMicrosoft) { Fields = new SortedDictionary<string, string>(Fields, StringComparer.OrdinalIgnoreCase), Entry = Entry };

        /// <summary>Makes the entry of the current fields.</summary>
        public void Index()
        {
            if (!IsMicrosoft)
            {
                Entry = new FlagEntry(Name, Fingerprint(Fields), RawFlagFields.None);
                return;
            }

            if (!Fields.TryGetValue("id", out var id) || string.IsNullOrEmpty(id))
            {
                Entry = null;
                return;
            }

            Fields.TryGetValue("description", out var description);
            Fields.TryGetValue("display_name", out var displayName);
            Fields.TryGetValue("label", out var label);
            Fields.TryGetValue(RolloutReasonField, out var rolloutReason);
            Entry = new FlagEntry(id, Fingerprint(Fields), new RawFlagFields(description, displayName, label, rolloutReason));
        }
    }
}
