using Azure;
using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Fuzz;

/// <summary>
/// The flag sections the change feed reports since a revision are all that differ: the data of that revision, with
/// those sections replaced by what the feed reads now, is the data in force; and the feed says so only when it can.
/// Random chains of builds (flags toggled, re-read as new objects, added, removed, moved; key-values changed). Pinned
/// seed by default; FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
/// </summary>
public sealed class FlagSlotChangeFeedFuzzTests
{
    private const string FlagContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";
    private static readonly string[] Ids = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"];

    private static readonly Gen<ConfigurationSetting> Flag = Gen.Select(Gen.Int[0, Ids.Length - 1], Gen.Bool, Gen.Bool, (id, enabled, described) =>
        new ConfigurationSetting(".appconfig.featureflag/" + Ids[id], $$"""{"id":"{{Ids[id]}}","enabled":{{(enabled ? "true" : "false")}}{{(described ? ",\"description\":\"d\"" : "")}}}""")
        {
            ContentType = FlagContentType,
            ETag = new ETag("e" + enabled + described),
        });

    // 0: a flag rewritten, 1: one read again as a new object, 2: removed, 3: inserted, 4: key-values changed, 5: nothing.
    private static readonly Gen<(int Kind, int At, ConfigurationSetting Flag)> Edit = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 99], Flag);

    [Test]
    public void The_reported_sections_are_all_that_changed_since_a_revision()
    {
        var (runs, told) = (0, 0);
        Gen.Select(Flag.Array[0, 8], Edit.Array[1, 10], Gen.Int[0, 10]).Sample((initial, edits, consumerStep) =>
        {
            var builder = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
            var feed = new FlagSlotChangeFeed();
            var flags = initial.ToList();
            ConfigurationSetting[] keyValues = [new("Color", "red")];
            ConfigurationData? previous = null;
            (long Revision, Dictionary<string, string?> Data)? consumer = null;
            for (var step = 0; step <= edits.Length; step++)
            {
                if (step > 0)
                {
                    keyValues = Apply(edits[step - 1], flags, keyValues);
                }

                var (built, _) = builder.Build([Collection(keyValues)], [Collection([.. flags])]);
                feed.Record(previous, built);
                previous = built;
                if (step == Math.Min(consumerStep, edits.Length))
                {
                    consumer = (feed.Revision, new Dictionary<string, string?>(built.Data, StringComparer.OrdinalIgnoreCase));
                }
            }

            var (since, seen) = consumer!.Value;
            var known = feed.TryGetChangedSections(since, out var revision, out var sections);
            var current = previous!.Data;
            Assert.That(revision, Is.EqualTo(feed.Revision));
            runs++;
            if (!known)
            {
                return;
            }

            foreach (var section in sections)
            {
                foreach (var key in seen.Keys.Where(k => k.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase)).ToList())
                {
                    seen.Remove(key);
                }

                foreach (var (key, value) in feed.ReadSection(section))
                {
                    seen[key] = value;
                }
            }

            Assert.That(Sorted(seen), Is.EqualTo(Sorted(current)), $"since revision {since}: {string.Join(", ", sections)}");
            told++;
        }, seed: FuzzSettings.Seed("0000000000012"), iter: FuzzSettings.Iterations(400));

        // Key-value edits and whole rebuilds make some runs unknown; most must be told, or the property says little.
        Assert.That(told, Is.GreaterThan(runs / 3), $"the feed could tell {told} of {runs} times");
    }

    private static ConfigurationSetting[] Apply((int Kind, int At, ConfigurationSetting Flag) edit, List<ConfigurationSetting> flags, ConfigurationSetting[] keyValues)
    {
        var index = flags.Count == 0 ? 0 : edit.At % flags.Count;
        switch (edit.Kind)
        {
            case 0 when flags.Count > 0:
                flags[index] = edit.Flag;
                break;
            case 1 when flags.Count > 0:
                var same = flags[index];
                flags[index] = new ConfigurationSetting(same.Key, same.Value, same.Label) { ContentType = same.ContentType, ETag = same.ETag };
                break;
            case 2 when flags.Count > 0:
                flags.RemoveAt(index);
                break;
            case 3:
                flags.Insert(index, edit.Flag);
                break;
            case 4:
                return [new("Color", "c" + edit.At)];
        }

        return keyValues;
    }

    private static List<KeyValuePair<string, string?>> Sorted(IEnumerable<KeyValuePair<string, string?>> data) =>
        [.. data.OrderBy(p => p.Key, StringComparer.Ordinal)];

    private static CollectionSnapshot Collection(ConfigurationSetting[] settings) =>
        new(new KeyValueSelector("*", "\0"), [new CollectionSnapshot.CachedPage(null, new ETag("p"), settings, null)]);
}
