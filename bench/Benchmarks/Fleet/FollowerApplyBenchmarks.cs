using System.Globalization;
using BenchmarkDotNet.Attributes;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Benchmarks.Fleet;

/// <summary>
/// A follower's work for one toggle in fleet mode, from the announcement's bytes to the <c>StoreSnapshot</c> handed to
/// the provider: decode the announcement, apply its delta to the snapshot in force (checking the hash), map the result
/// through the default selection (every key, flags routed out of the key-value pages). One flag of
/// <see cref="Flags"/> is switched on, then off again (two toggles per operation, reported per toggle).
/// <c>FullRebuild</c> (the baseline) rebuilds the whole snapshot from the base plus the delta and maps it whole, as
/// every toggle did before deltas were applied incrementally (and as a follower still does after a gap, less the
/// JSON); <c>Incremental</c> is the follower's path. The Provider's build of the configuration data comes after and
/// is not measured here.
/// </summary>
[MemoryDiagnoser]
public class FollowerApplyBenchmarks
{
    private const string FlagPrefix = ".appconfig.featureflag/";
    private const string FlagContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";
    private static readonly SelectionPlan DefaultPlan =
        new([new KeyValueSelector(SettingSelector.Any, SettingSelector.NoLabel)], [], FlagsFromKeyValues: true);

    private byte[] _switchOn = null!;
    private byte[] _switchOff = null!;
    private KeyValueSnapshot _inForce = null!;
    private SnapshotMapper _mapper = null!;

    /// <summary>Number of flags in the store.</summary>
    [Params(100, 10_000)]
    public int Flags { get; set; }

    /// <summary>The store, the two announcements, and a follower that has mapped the store once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var off = KeyValueSnapshot.Create(1, Enumerable.Range(0, Flags).Select(i => Flag(i, enabled: false)));
        var on = KeyValueSnapshot.Create(2, off.KeyValues.Select(kv => kv.Key == FlagKey(Flags / 2) ? Flag(Flags / 2, enabled: true) : kv));
        // The version goes back with the second toggle so that the two announcements cycle; only the follower's
        // "newer than in force" check (not measured) looks at it.
        var offAgain = KeyValueSnapshot.Create(1, on.KeyValues.Select(kv => kv.Key == FlagKey(Flags / 2) ? Flag(Flags / 2, enabled: false) : kv));
        _switchOn = SnapshotJson.Write(new SnapshotAnnouncement(off.Version, on.Version, on.Hash, SnapshotDelta.Between(off, on)));
        _switchOff = SnapshotJson.Write(new SnapshotAnnouncement(on.Version, offAgain.Version, offAgain.Hash, SnapshotDelta.Between(on, offAgain)));
        _inForce = off;
        _mapper = new SnapshotMapper(DefaultPlan);
        _mapper.FromFleet(off);
    }

    /// <summary>The whole snapshot rebuilt and mapped whole at each toggle (the mapper's settings cache is warm).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2)]
    public object FullRebuild()
    {
        Toggle(_switchOn, FullRebuildOf);
        return Toggle(_switchOff, FullRebuildOf);
    }

    /// <summary>The delta applied to the snapshot in force and the selection updated by it.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public object Incremental()
    {
        Toggle(_switchOn, static (delta, inForce) => delta.ApplyTo(inForce));
        return Toggle(_switchOff, static (delta, inForce) => delta.ApplyTo(inForce));
    }

    private static KeyValueSnapshot? FullRebuildOf(SnapshotDelta delta, KeyValueSnapshot inForce)
    {
        var removed = delta.Removed.ToHashSet();
        var result = KeyValueSnapshot.Create(
            delta.Version, inForce.KeyValues.Where(kv => !removed.Contains((kv.Key, kv.Label))).Concat(delta.Set));
        return result.Hash == delta.Hash ? result : null;
    }

    private static string FlagKey(int index) => FlagPrefix + "Flag" + index.ToString("D5", CultureInfo.InvariantCulture);

    private static SnapshotKeyValue Flag(int index, bool enabled)
    {
        var id = "Flag" + index.ToString("D5", CultureInfo.InvariantCulture);
        var value = "{\"id\":\"" + id + "\",\"description\":\"\",\"enabled\":" + (enabled ? "true" : "false") + ",\"conditions\":{\"client_filters\":[]}}";
        return new SnapshotKeyValue(FlagKey(index), null, value, FlagContentType, (enabled ? "on-" : "off-") + id);
    }

    private object Toggle(byte[] announcementBytes, Func<SnapshotDelta, KeyValueSnapshot, KeyValueSnapshot?> apply)
    {
        var announcement = SnapshotJson.ReadAnnouncement(announcementBytes);
        var next = apply(announcement.Delta!, _inForce) ?? throw new InvalidOperationException("The delta does not give the announced hash.");
        _inForce = next;
        return _mapper.FromFleet(next);
    }
}
