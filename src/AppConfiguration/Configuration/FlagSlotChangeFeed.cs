using System.Globalization;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Which flag slots (configuration sections <c>feature_management:feature_flags:{i}</c>) changed from each data set
/// the provider swapped in to the next, numbered by revision, so that a consumer of the configuration can read again
/// only those sections after a reload instead of every flag key. Tells nothing when it cannot be sure: the key-values
/// changed, data came from elsewhere (a value set in memory, the last-known-good file), many slots changed, or the
/// consumer is further behind than the changes kept.
/// </summary>
/// <remarks>
/// A slot's entry list keeps its object while the flag is unchanged (the builder patches per slot), so comparing two
/// data sets is a reference comparison per slot: no key is read.
/// </remarks>
internal sealed class FlagSlotChangeFeed
{
    /// <summary>How many revisions are kept: a consumer further behind reads everything.</summary>
    internal const int KeptRevisions = 64;

    private const string SlotPrefix = FeatureFlagMapper.FeatureFlagsSection + ":";

    private readonly Lock _lock = new();
    private readonly Queue<(long Revision, int[] Slots)> _kept = new();
    private ConfigurationData? _latest;
    private long _revision;

    // Changes after this revision are all kept; from an older one they are unknown.
    private long _knownSince;

    /// <summary>The revision of the data in force: moves on with every change of it.</summary>
    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    /// <summary>
    /// Records the swap of <paramref name="previous"/> (null: data from elsewhere) for <paramref name="next"/>; call
    /// it after the new data is in force, so a consumer that learns of the revision reads that data or a newer one.
    /// </summary>
    public void Record(ConfigurationData? previous, ConfigurationData next)
    {
        var slots = ChangedSlots(previous, next);
        lock (_lock)
        {
            _latest = next;
            if (slots is { Length: 0 })
            {
                return;
            }

            _revision++;
            if (slots is null)
            {
                Forget();
                return;
            }

            _kept.Enqueue((_revision, slots));
            if (_kept.Count > KeptRevisions)
            {
                _knownSince = _kept.Dequeue().Revision;
            }
        }
    }

    /// <summary>The provider's data changed in a way not recorded (a value set in memory, the last-known-good file).</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _revision++;
            _latest = null;
            Forget();
        }
    }

    /// <summary>
    /// The sections that changed after <paramref name="sinceRevision"/> up to <paramref name="revision"/> (the one in
    /// force), each once; false when the feed cannot tell.
    /// </summary>
    public bool TryGetChangedSections(long sinceRevision, out long revision, out IReadOnlyList<string> sections)
    {
        lock (_lock)
        {
            revision = _revision;
            sections = [];
            if (sinceRevision < _knownSince || sinceRevision > _revision || _latest is null)
            {
                return false;
            }

            var changed = new SortedSet<int>();
            foreach (var (at, slots) in _kept)
            {
                if (at > sinceRevision)
                {
                    changed.UnionWith(slots);
                }
            }

            sections = [.. changed.Select(Section)];
            return true;
        }
    }

    /// <summary>
    /// The keys (spelled as in the data) and values of the flag slot <paramref name="section"/> names, in the latest
    /// recorded data; empty when there is no such slot.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> ReadSection(string section)
    {
        ConfigurationData? latest;
        lock (_lock)
        {
            latest = _latest;
        }

        return latest?.Data is SnapshotDictionary data
            && section.StartsWith(SlotPrefix, StringComparison.OrdinalIgnoreCase)
            && SnapshotDictionary.TryParseSlot(section.AsSpan(SlotPrefix.Length), latest.Flags.Count, out var slot)
            ? data.Slot(slot)
            : [];
    }

    /// <summary>The configuration section of the flag slot at <paramref name="slot"/>.</summary>
    public static string Section(int slot) => SlotPrefix + slot.ToString(CultureInfo.InvariantCulture);

    /// <summary>The slots whose entries differ, or null when the change is not confined to slots (or too large to be worth telling).</summary>
    private static int[]? ChangedSlots(ConfigurationData? previous, ConfigurationData next)
    {
        if (previous is null || !ReferenceEquals(previous.KeyValues, next.KeyValues) || next.Data is not SnapshotDictionary)
        {
            return null;
        }

        var (before, after) = (previous.Flags, next.Flags);
        // Chunks the two share are skipped whole: a toggle costs the chunk it copied.
        var changed = after.IndexesDifferingFrom(before).ToList();
        for (var i = Math.Min(before.Count, after.Count); i < Math.Max(before.Count, after.Count); i++)
        {
            changed.Add(i);
        }

        // A consumer reads everything once a quarter of the flags changed: no point keeping a long list.
        return changed.Count > Math.Max(16, after.Count / 4) ? null : [.. changed];
    }

    private void Forget()
    {
        _kept.Clear();
        _knownSince = _revision;
    }
}
