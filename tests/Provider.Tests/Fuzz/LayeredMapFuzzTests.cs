using CsCheck;
using OpenFeatureAppConfig.Provider.Internal;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Provider.Tests.Fuzz;

/// <summary>
/// A layered map answers as one case-insensitive dictionary with the same changes applied does (keys spelled as the
/// last change spells them), through chains of changes long enough to fold the layer into new bases, and the maps it
/// was made from stay as they were. Pinned seed by default; FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
/// </summary>
public sealed class LayeredMapFuzzTests
{
    private static readonly Gen<string> Key = Gen.Select(Gen.Int[0, 39], Gen.Bool, (i, upper) => upper ? "K" + i : "k" + i);
    private static readonly Gen<KeyValuePair<string, string?>> Change = Gen.Select(Key, Gen.Int[0, 3], (key, value) =>
        new KeyValuePair<string, string?>(key, value == 0 ? null : "v" + value));

    [Test]
    public void A_layered_map_answers_as_one_dictionary_with_the_same_changes()
    {
        Gen.Select(Change.Array[0, 40], Change.Array[1, 4].Array[1, 80]).Sample((initial, steps) =>
        {
            var model = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Apply(model, Distinct(initial));
            var map = LayeredMap<string>.Of(new Dictionary<string, string>(model, StringComparer.OrdinalIgnoreCase));
            var history = new List<(LayeredMap<string> Map, List<string> Content)> { (map, Describe(map)) };
            foreach (var step in steps)
            {
                var changes = Distinct(step);
                Apply(model, changes);
                map = map.With(changes);

                Assert.That(Describe(map), Is.EqualTo(Describe(model)));
                Assert.That(map.Count, Is.EqualTo(model.Count));
                foreach (var (key, _) in step)
                {
                    Assert.That(map.TryGetValue(key.ToUpperInvariant(), out var value) ? value : null, Is.EqualTo(model.GetValueOrDefault(key)));
                }

                history.Add((map, Describe(map)));
            }

            foreach (var (earlier, content) in history)
            {
                Assert.That(Describe(earlier), Is.EqualTo(content), "an earlier map is left as it was");
            }
        }, seed: FuzzSettings.Seed("0000000000013"), iter: FuzzSettings.Iterations(300));
    }

    private static Dictionary<string, string?> Distinct(KeyValuePair<string, string?>[] changes)
    {
        var distinct = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            distinct.Remove(key);
            distinct[key] = value;
        }

        return distinct;
    }

    private static void Apply(Dictionary<string, string> model, Dictionary<string, string?> changes)
    {
        foreach (var (key, value) in changes)
        {
            model.Remove(key);
            if (value is not null)
            {
                model[key] = value;
            }
        }
    }

    private static List<string> Describe(IEnumerable<KeyValuePair<string, string>> pairs) =>
        [.. pairs.Select(p => p.Key + "=" + p.Value).Order(StringComparer.Ordinal)];
}
