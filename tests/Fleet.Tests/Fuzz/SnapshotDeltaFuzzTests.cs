using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>
/// Any two snapshots: the announced delta from one to the other, serialized and read back, applied to the first,
/// gives exactly the second. Pinned seed by default; FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
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
}
