using CsCheck;
using OpenFeatureAppConfig.AppConfiguration.Tests.Unit;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Fuzz;

/// <summary>
/// A follower builds each fleet snapshot made by a delta from its previous build by the delta's changes alone: through
/// random chains of deltas (flags toggled, made malformed, added, removed; plain key-values edited), the data, the
/// malformed flags and "changed" are what mapping and building each snapshot whole gives. Pinned seed by default;
/// FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
/// </summary>
public sealed class FleetChangeBuildFuzzTests
{
    private const string FlagPrefix = ".appconfig.featureflag/";
    private const string FlagContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";
    private static readonly string[] FlagIds = ["A", "B", "C", "D", "E", "F"];

    /// <summary>Flags read on their own (two collections: the later label wins), or routed out of the all-keys pages.</summary>
    private static readonly SelectionPlan[] Plans =
    [
        new(
            [new KeyValueSelector(SettingSelector.Any, SettingSelector.NoLabel)],
            [new KeyValueSelector(FlagPrefix + SettingSelector.Any, SettingSelector.NoLabel), new KeyValueSelector(FlagPrefix + SettingSelector.Any, "prod")],
            FlagsFromKeyValues: false),
        new([new KeyValueSelector(SettingSelector.Any, SettingSelector.NoLabel)], [], FlagsFromKeyValues: true),
    ];

    private static readonly Gen<SnapshotKeyValue> FlagValue = Gen.Select(Gen.Int[0, FlagIds.Length - 1], Gen.Int[0, 3], Gen.Bool, (which, shape, labelled) =>
    {
        var id = FlagIds[which];
        var json = shape switch
        {
            0 => "{\"id\":\"" + id + "\",\"enabled\":true}",
            1 => "{\"id\":\"" + id + "\",\"enabled\":false,\"description\":\"d\"}",
            2 => "{\"id\":\"" + id + "\",\"enabled\":true,\"conditions\":{\"client_filters\":[{\"name\":\"Percentage\",\"parameters\":{\"Value\":50}}]}}",
            _ => "{\"id\":\"" + id + "\",\"enabled\":\"maybe\"}",
        };
        return new SnapshotKeyValue(FlagPrefix + id, labelled && which % 2 == 0 ? "prod" : null, json, FlagContentType, "e" + shape);
    });

    private static readonly Gen<SnapshotKeyValue> PlainValue =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], (key, value) => new SnapshotKeyValue("App:K" + key, null, value.ToString(System.Globalization.CultureInfo.InvariantCulture), null, "k" + value));

    /// <summary>A delta: mostly a flag replaced (a toggle), sometimes a flag removed or a plain key-value set.</summary>
    private static readonly Gen<Func<KeyValueSnapshot, KeyValueSnapshot>> Delta = Gen.Select(Gen.Int[0, 9], FlagValue, PlainValue, (kind, flag, plain) =>
        (Func<KeyValueSnapshot, KeyValueSnapshot>)(snapshot => kind switch
        {
            8 => snapshot.With(snapshot.Version + 1, [(flag.Key, flag.Label)], []),
            9 => snapshot.With(snapshot.Version + 1, [], [plain]),
            _ => snapshot.With(snapshot.Version + 1, [], [flag]),
        }));

    [Test]
    public void A_build_patched_by_each_delta_equals_a_whole_build()
    {
        var start = Gen.Select(FlagValue.List[0, 8], PlainValue.List[0, 3], (flags, plain) => KeyValueSnapshot.Create(1, flags.Concat(plain)));
        Gen.Select(Gen.Int[0, Plans.Length - 1], start, Delta.Array[1, 10]).Sample((planIndex, first, deltas) =>
        {
            var plan = Plans[planIndex];
            var mapper = new SnapshotMapper(plan);
            var patching = NewBuilder();
            // Built whole every time, but through the same chain: a malformed flag keeps its last good version in both.
            var whole = NewBuilder();
            var snapshot = first;
            IDictionary<string, string?>? before = null;
            foreach (var delta in deltas.Prepend(s => s))
            {
                snapshot = delta(snapshot);
                var (patched, changed) = patching.Build(mapper.FromFleet(snapshot));

                whole.Forget();
                var (expected, _) = whole.Build(new SnapshotMapper(plan).FromFleet(KeyValueSnapshot.Create(snapshot.Version, snapshot.KeyValues)));
                Assert.That(Sorted(patched.Data), Is.EqualTo(Sorted(expected.Data)), "the same keys (spelling included) and values");
                Assert.That(patched.Data, Has.Count.EqualTo(expected.Data.Count));
                Assert.That(patching.MalformedFeatureFlags, Is.EqualTo(whole.MalformedFeatureFlags));
                if (before is not null)
                {
                    Assert.That(changed, Is.EqualTo(!SameData(before, expected.Data)), "changed exactly when the data differs");
                }

                before = expected.Data;
            }
        }, seed: FuzzSettings.Seed("0000000000005"), iter: FuzzSettings.Iterations(300));
    }

    private static SnapshotBuilder NewBuilder() => new([], new Uri("https://x.azconfig.io"), new CapturingLogger());

    private static List<KeyValuePair<string, string?>> Sorted(IDictionary<string, string?> data) =>
        [.. data.OrderBy(p => p.Key, StringComparer.Ordinal)];

    private static bool SameData(IDictionary<string, string?> a, IDictionary<string, string?> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));
}
