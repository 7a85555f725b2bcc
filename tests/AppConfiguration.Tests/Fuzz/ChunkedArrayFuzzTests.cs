using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Fuzz;

/// <summary>
/// A <see cref="ChunkedArray{T}"/> reads as the array it was made from, and a copy with items replaced reads as that
/// array with them replaced, while the original stays as it was (snapshots in force share its chunks).
/// </summary>
public sealed class ChunkedArrayFuzzTests
{
    [Test]
    public void Replacing_items_is_what_an_array_copy_gives_and_leaves_the_original_alone()
    {
        var replacements = Gen.Select(Gen.Int[0, 1000], Gen.String[0, 3]).Array[0, 12];
        Gen.Select(Gen.String[0, 3].Array[0, 700], replacements.Array[1, 4]).Sample((items, rounds) =>
        {
            var expected = items.ToArray();
            var array = ChunkedArray<string>.From(items);
            foreach (var round in rounds)
            {
                var before = array.ToArray();
                var changes = round.Where(_ => expected.Length > 0).Select(r => new KeyValuePair<int, string>(r.Item1 % expected.Length, r.Item2)).ToList();
                foreach (var (index, item) in changes)
                {
                    expected[index] = item;
                }

                var next = array.SetItems(changes);

                Assert.That(array.ToArray(), Is.EqualTo(before), "the original is unchanged");
                Assert.That(next, Has.Count.EqualTo(expected.Length));
                Assert.That(Enumerable.Range(0, next.Count).Select(i => next[i]), Is.EqualTo(expected), "read by index");
                Assert.That(next.ToArray(), Is.EqualTo(expected), "enumerated");
                Assert.That(
                    next.IndexesDifferingFrom(array),
                    Is.EqualTo(Enumerable.Range(0, expected.Length).Where(i => !ReferenceEquals(expected[i], before[i]))),
                    "the indexes whose objects differ");
                array = next;
            }

            Assert.That(() => array[array.Count], Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => array[-1], Throws.InstanceOf<ArgumentOutOfRangeException>());
        }, seed: FuzzSettings.Seed("0000000000006"), iter: FuzzSettings.Iterations(300));
    }
}
