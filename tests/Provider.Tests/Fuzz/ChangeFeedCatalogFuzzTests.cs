using CsCheck;
using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.Provider.Internal;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Provider.Tests.Fuzz;

/// <summary>
/// A catalog reloaded through a change feed (only the reported sections read, whenever only the feed's provider
/// changed) equals a catalog indexed whole, and reports the same changed flags and rollout reasons, through random
/// chains of edits: of the feed's provider (reported, or not trackable), and of the providers before and after it
/// (which reload on their own). Pinned seed by default; FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
/// </summary>
public sealed class ChangeFeedCatalogFuzzTests
{
    private const int Before = 0;
    private const int Feed = 1;
    private const int After = 2;

    private static readonly string[] Groups = ["feature_management:feature_flags:0", "feature_management:feature_flags:1", "FEATURE_MANAGEMENT:feature_flags:2",
        "feature_management:feature_flags:10", "feature_management:feature_flags:x", "FeatureManagement:A", "featuremanagement:a", "FeatureManagement:B"];
    private static readonly string[] Fields = ["", ":id", ":ID", ":enabled", ":description", ":telemetry:metadata:RolloutReason", ":conditions:client_filters:0:name"];
    private static readonly string?[] Values = ["A", "a", "B", "true", "false", "stage 2", null];

    private static readonly Gen<(string Key, string? Value)> Edit =
        Gen.Select(Gen.Int[0, Groups.Length - 1], Gen.Int[0, Fields.Length - 1], Gen.Int[0, Values.Length - 1],
            (group, field, value) => (Groups[group] + Fields[field], Values[value]));

    // Mostly reported edits of the feed's provider (the toggles of a store), sometimes another provider's reload or a change the feed cannot tell.
    private static readonly Gen<Step> Steps = Gen.Select(Gen.Int[0, 9], Edit.Array[1, 4], Edit.Array[0, 2], (kind, edits, others) => new Step(
        kind switch { < 6 => StepKind.Reported, 6 => StepKind.Untracked, 7 => StepKind.OtherReloads, _ => StepKind.ReportedAndOtherReloads },
        edits, others, OtherProvider: kind % 2 == 0 ? Before : After));

    [Test]
    public void A_catalog_reloaded_through_a_change_feed_equals_one_indexed_whole()
    {
        var sectionReads = 0;
        var reloads = 0;
        Gen.Select(Edit.Array[0, 16], Edit.Array[0, 4], Steps.Array[1, 8]).Sample((initial, initialOthers, steps) =>
        {
            var providers = new[] { new ChangeReportingConfiguration(), new ChangeReportingConfiguration(), new ChangeReportingConfiguration() };
            foreach (var (key, value) in initial)
            {
                providers[Feed].Edit(key, value);
            }

            foreach (var (key, value) in initialOthers)
            {
                providers[key.Length % 2 == 0 ? Before : After].Edit(key, value);
            }

            var root = new ConfigurationBuilder().Add(providers[Before]).Add(providers[Feed]).Add(providers[After]).Build();
            var tracker = new ConfigurationChangeTracker(root, providers[Feed]);
            var catalog = tracker.Read();
            foreach (var step in steps)
            {
                step.Apply(providers);
                var reloaded = tracker.Reload(catalog);
                var whole = FlagCatalog.FromConfiguration(root);

                Assert.That(Describe(reloaded), Is.EqualTo(Describe(whole)), step.ToString());
                var changed = catalog.ChangedKeys(reloaded);
                var changedWhole = catalog.ChangedKeys(whole);
                Assert.That(Upper(changed), Is.EqualTo(Upper(changedWhole)), step.ToString());
                Assert.That(Reasons(catalog.NewRolloutReasons(reloaded, changed)), Is.EqualTo(Reasons(catalog.NewRolloutReasons(whole, changedWhole))), step.ToString());
                catalog = reloaded;
                reloads++;
            }

            sectionReads += tracker.SectionReads;
        }, seed: FuzzSettings.Seed("0000000000011"), iter: FuzzSettings.Iterations(500));

        // The equality must hold on the fast path, not only on the full reads it falls back to.
        Assert.That(sectionReads, Is.GreaterThan(reloads / 3), $"{sectionReads} of {reloads} reloads read only the changed sections.");
    }

    private static List<string> Upper(List<string> keys) => [.. keys.Select(k => k.ToUpperInvariant()).Order(StringComparer.Ordinal)];

    private static List<string> Reasons(List<KeyValuePair<string, string>> reasons) =>
        [.. reasons.Select(r => r.Key.ToUpperInvariant() + "=" + r.Value).Order(StringComparer.Ordinal)];

    private static List<string> Describe(FlagCatalog catalog) =>
        [.. catalog.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(key =>
        {
            catalog.TryGet(key, out var entry);
            // The spelling of a flag key declared in several spellings depends on enumeration order, in either way.
            return $"{entry.Key.ToUpperInvariant()}|{entry.Fingerprint}|{entry.Fields}";
        })];

    private enum StepKind
    {
        Reported,
        Untracked,
        OtherReloads,
        ReportedAndOtherReloads,
    }

    private sealed record Step(StepKind Kind, (string Key, string? Value)[] Edits, (string Key, string? Value)[] OtherEdits, int OtherProvider)
    {
        public void Apply(ChangeReportingConfiguration[] providers)
        {
            var feed = providers[Feed];
            var other = providers[OtherProvider];
            if (Kind is StepKind.OtherReloads or StepKind.ReportedAndOtherReloads)
            {
                foreach (var (key, value) in OtherEdits.Concat(Kind == StepKind.OtherReloads ? Edits : []))
                {
                    other.Edit(key, value);
                }

                other.Commit();
            }

            if (Kind == StepKind.OtherReloads)
            {
                return;
            }

            foreach (var (key, value) in Edits)
            {
                feed.Edit(key, value);
            }

            if (Kind == StepKind.Untracked)
            {
                feed.CommitUntracked();
            }
            else
            {
                feed.Commit();
            }
        }

        public override string ToString() =>
            $"{Kind}: {string.Join(", ", Edits.Select(e => $"{e.Key}={e.Value ?? "(removed)"}"))}; other {OtherProvider}: {string.Join(", ", OtherEdits.Select(e => $"{e.Key}={e.Value ?? "(removed)"}"))}";
    }
}
