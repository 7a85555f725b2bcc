using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>
/// Any two snapshots: the announced delta from one to the other, serialized and read back, applied to the first,
/// gives exactly the second. Any delta applied incrementally gives what a full rebuild gives (key-values and hash),
/// and a delta applied to a base that is not the leader's is refused unless it happens to give the leader's state.
/// Pinned seed by default; FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
/// </summary>
public sealed class SnapshotDeltaFuzzTests
{
    private static readonly string?[] ContentTypes = [null, "application/json", "text/plain"];

    private static readonly Gen<SnapshotKeyValue> KeyValue =
        Gen.Select(
            Gen.String[Gen.Char["ab/.:é"], 1, 3],
            Gen.String[Gen.Char["xy"], 0, 2].Null(0.5),
            Gen.String[Gen.Char["01\"\\é"], 0, 4].Null(0.2),
            Gen.Int[0, 2].Select(i => ContentTypes[i]),
            Gen.String[Gen.Char["e0"], 1, 3].Null(0.2),
            (key, label, value, contentType, etag) => new SnapshotKeyValue(key, label, value, contentType, etag));

    private static readonly Gen<KeyValueSnapshot> Snapshot =
        Gen.Select(Gen.Long[0, 1000], KeyValue.List[0, 12], (version, items) => KeyValueSnapshot.Create(version, items));

    /// <summary>A delta of any shape: removals (of present and absent identities) and sets (new, changed, equal, repeated).</summary>
    private static readonly Gen<(List<(string Key, string? Label)> Removed, List<SnapshotKeyValue> Set)> AnyChange =
        Gen.Select(
            KeyValue.Select(kv => (kv.Key, kv.Label)).List[0, 4],
            KeyValue.List[0, 6]);

    [Test]
    public void DeltaThroughTheWireTurnsTheBaseIntoTheNextSnapshot()
    {
        Gen.Select(Snapshot, Snapshot).Sample((before, after) =>
        {
            var next = KeyValueSnapshot.Create(before.Version + 1, after.KeyValues);
            var announcement = SnapshotJson.ReadAnnouncement(
                SnapshotJson.Write(new SnapshotAnnouncement(before.Version, next.Version, next.Hash, SnapshotDelta.Between(before, next))));

            var applied = announcement.Delta!.ApplyTo(before);

            Assert.That(applied, Is.Not.Null);
            Assert.That(applied!.KeyValues, Is.EqualTo(next.KeyValues));
            Assert.That(SnapshotJson.ReadSnapshot(SnapshotJson.Write(next)).Hash, Is.EqualTo(next.Hash));
        }, seed: FuzzSettings.Seed("0000000000001"), iter: FuzzSettings.Iterations(500));
    }

    [Test]
    public void IncrementalApplyGivesWhatAFullRebuildGives()
    {
        Gen.Select(Snapshot, AnyChange).Sample((baseSnapshot, change) =>
        {
            var rebuilt = FullRebuild(baseSnapshot, change.Removed, change.Set);
            var delta = new SnapshotDelta(baseSnapshot.Version, rebuilt.Version, rebuilt.Hash, change.Set, change.Removed);

            var applied = delta.ApplyTo(baseSnapshot);

            Assert.That(applied, Is.Not.Null, "the hash of the incremental result is the full rebuild's");
            Assert.That(applied!.KeyValues, Is.EqualTo(rebuilt.KeyValues));
            Assert.That(applied.Hash, Is.EqualTo(rebuilt.Hash));
            Assert.That(applied.Version, Is.EqualTo(rebuilt.Version));
        }, seed: FuzzSettings.Seed("0000000000002"), iter: FuzzSettings.Iterations(500));
    }

    [Test]
    public void DeltaOnAWrongBaseIsRefusedUnlessItGivesTheLeadersState()
    {
        Gen.Select(Snapshot, AnyChange, AnyChange).Sample((leaderBase, change, drift) =>
        {
            var leaderNext = FullRebuild(leaderBase, change.Removed, change.Set);
            var followerBase = FullRebuild(leaderBase, drift.Removed, drift.Set, leaderBase.Version);
            var delta = new SnapshotDelta(leaderBase.Version, leaderNext.Version, leaderNext.Hash, change.Set, change.Removed);

            var applied = delta.ApplyTo(followerBase);

            var wouldGive = FullRebuild(followerBase, change.Removed, change.Set);
            if (wouldGive.KeyValues.SequenceEqual(leaderNext.KeyValues))
            {
                Assert.That(applied?.KeyValues, Is.EqualTo(leaderNext.KeyValues), "the drift was overwritten: the leader's state");
            }
            else
            {
                Assert.That(applied, Is.Null, "a mixed snapshot must be refused");
            }
        }, seed: FuzzSettings.Seed("0000000000003"), iter: FuzzSettings.Iterations(500));
    }

    /// <summary>What a delta means, computed the slow way: everything but the removed, then the set, made whole.</summary>
    private static KeyValueSnapshot FullRebuild(
        KeyValueSnapshot baseSnapshot, List<(string Key, string? Label)> removed, List<SnapshotKeyValue> set, long? version = null) =>
        KeyValueSnapshot.Create(
            version ?? baseSnapshot.Version + 1,
            baseSnapshot.KeyValues.Where(kv => !removed.Contains((kv.Key, kv.Label))).Concat(set));
}
