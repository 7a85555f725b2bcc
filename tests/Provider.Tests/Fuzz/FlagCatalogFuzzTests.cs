using CsCheck;
using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.Provider.Internal;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Provider.Tests.Fuzz;

/// <summary>
/// A catalog reloaded from the previous one (only the changed flags indexed again) equals a catalog indexed whole,
/// and reports the same changed flags, through random edits of the flag keys of two configuration providers. Pinned
/// seed by default; FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
/// </summary>
public sealed class FlagCatalogFuzzTests
{
    private static readonly string[] Groups = ["feature_management:feature_flags:0", "feature_management:feature_flags:1", "FEATURE_MANAGEMENT:feature_flags:2",
        "feature_management:feature_flags:10", "feature_management:feature_flags:x", "FeatureManagement:A", "featuremanagement:a", "FeatureManagement:B"];
    private static readonly string[] Fields = ["", ":id", ":ID", ":enabled", ":description", ":telemetry:metadata:RolloutReason", ":conditions:client_filters:0:name"];
    private static readonly string?[] Values = ["A", "a", "B", "true", "false", "", null];

    private static readonly Gen<(int Provider, string Key, string? Value)> Edit =
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, Groups.Length - 1], Gen.Int[0, Fields.Length - 1], Gen.Int[0, Values.Length - 1],
            (provider, group, field, value) => (provider, Groups[group] + Fields[field], Values[value]));

    [Test]
    public void A_reloaded_catalog_equals_one_indexed_whole()
    {
        Gen.Select(Edit.Array[0, 12], Edit.Array[1, 6].Array[1, 6]).Sample((initial, reloads) =>
        {
            var first = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var second = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Apply(initial, first, second);
            var configuration = Build(first, second);
            var catalog = FlagCatalog.FromConfiguration(configuration);
            foreach (var edits in reloads)
            {
                Apply(edits, first, second);
                configuration = Build(first, second);

                var reloaded = catalog.Reload(configuration);
                var whole = FlagCatalog.FromConfiguration(configuration);

                Assert.That(Describe(reloaded), Is.EqualTo(Describe(whole)));
                Assert.That(Upper(catalog.ChangedKeys(reloaded)), Is.EqualTo(Upper(catalog.ChangedKeys(whole))));
                catalog = reloaded;
            }
        }, seed: FuzzSettings.Seed("0000000000004"), iter: FuzzSettings.Iterations(500));
    }

    private static void Apply((int Provider, string Key, string? Value)[] edits, Dictionary<string, string?> first, Dictionary<string, string?> second)
    {
        foreach (var (provider, key, value) in edits)
        {
            var data = provider == 0 ? first : second;
            if (value == "")
            {
                data.Remove(key);
            }
            else
            {
                data[key] = value;
            }
        }
    }

    private static IConfigurationRoot Build(Dictionary<string, string?> first, Dictionary<string, string?> second) =>
        new ConfigurationBuilder().AddInMemoryCollection(first).AddInMemoryCollection(second).Build();

    private static List<string> Upper(List<string> keys) => [.. keys.Select(k => k.ToUpperInvariant()).Order(StringComparer.Ordinal)];

    private static List<string> Describe(FlagCatalog catalog) =>
        [.. catalog.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(key =>
        {
            catalog.TryGet(key, out var entry);
            // The spelling of a flag key declared in several spellings depends on enumeration order, in either way.
            return $"{entry.Key.ToUpperInvariant()}|{entry.Fingerprint}|{entry.Fields}";
        })];
}
