using Azure;
using CsCheck;
using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.AppConfiguration.Tests.Unit;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Fuzz;

/// <summary>
/// The indexed child keys answer as the base <see cref="ConfigurationProvider"/> scan does, and a build patched from
/// the previous one equals a whole build, for random key-values, flags and edits between snapshots. Pinned seed by
/// default; FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
/// </summary>
public sealed class ConfigurationDataFuzzTests
{
    private static readonly string[] Segments = ["a", "A", "b", "0", "1", "10", "2", "feature_management", "FEATURE_FLAGS", "feature_flags", ""];
    private static readonly string[] FlagIds = ["F", "f", "G", "H", "I"];

    private static readonly Gen<string> Key = Gen.Int[0, Segments.Length - 1].Array[1, 5].Select(parts => string.Join(':', parts.Select(i => Segments[i])));

    private static readonly Gen<ConfigurationSetting> KeyValue = Gen.Select(Key.Where(k => k.Length > 0), Gen.Int[0, 3], Gen.Bool, (key, value, json) =>
        json
            ? new ConfigurationSetting(key, "{\"x\":" + value + ",\"Y\":{\"z\":\"" + value + "\"}}") { ContentType = "application/json", ETag = new ETag("e" + value) }
            : new ConfigurationSetting(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture)) { ETag = new ETag("e" + value) });

    /// <summary>A flag by key (0–4): enabled or not, a filter or not, or malformed.</summary>
    private static readonly Gen<ConfigurationSetting> Flag = Gen.Select(Gen.Int[0, FlagIds.Length - 1], Gen.Int[0, 4], (which, shape) =>
    {
        var id = FlagIds[which];
        var json = shape switch
        {
            0 => "{\"id\":\"" + id + "\",\"enabled\":true}",
            1 => "{\"id\":\"" + id + "\",\"enabled\":false,\"description\":\"d\"}",
            2 => "{\"id\":\"" + id + "\",\"enabled\":true,\"conditions\":{\"client_filters\":[{\"name\":\"Percentage\",\"parameters\":{\"Value\":50,\"value\":7}}]}}",
            3 => "{\"id\":\"" + id + "\",\"enabled\":\"maybe\"}",
            _ => "{\"id\":\"" + id + "\",\"enabled\":true,\"variants\":[{\"name\":\"On\",\"configuration_value\":{\"A\":1,\"a\":2}}]}",
        };
        return new ConfigurationSetting(".appconfig.featureflag/" + id + (which == 4 ? "x" : string.Empty), json)
        {
            ContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8",
            ETag = new ETag("etag-" + shape),
        };
    });

    /// <summary>One snapshot's settings: key-values and flags (two collections each, later wins).</summary>
    private sealed record Settings(ConfigurationSetting[] KeyValues, ConfigurationSetting[] Flags);

    [Test]
    public void Indexed_child_keys_are_the_base_class_answer()
    {
        var gen = Gen.Select(KeyValue.Array[0, 12], Flag.Array[0, 6], Key.Array[0, 3], Key.Array[0, 4]);
        gen.Sample((keyValues, flags, earlier, extraPaths) =>
        {
            var builder = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
            var (data, _) = builder.Build([Collection(keyValues)], [Collection(flags)]);
            var scanning = new ScanningProvider(data.Data);

            var paths = data.Data.Keys.SelectMany(Parents).Concat(extraPaths)
                .Concat(["feature_management:feature_flags:00", "feature_management:feature_flags:+1", "feature_management:feature_flags:1:", ""])
                .SelectMany(p => new[] { p, p.ToUpperInvariant() }).Append(null).ToList();
            foreach (var path in paths)
            {
                var expected = scanning.GetChildKeys(earlier, path).ToList();
                var actual = data.GetChildKeys(earlier, path);

                Assert.That(actual.Distinct(StringComparer.OrdinalIgnoreCase), Is.EquivalentTo(expected.Distinct(StringComparer.OrdinalIgnoreCase)).Using((IEqualityComparer<string>)StringComparer.OrdinalIgnoreCase), $"children of '{path}'");
                Assert.That(actual, Is.Ordered.Using(ConfigurationKeyComparer.Instance), $"order of the children of '{path}'");
                Assert.That(actual.Count(k => earlier.Contains(k, StringComparer.OrdinalIgnoreCase)), Is.GreaterThanOrEqualTo(earlier.Length), "earlier keys are kept");
            }
        }, seed: FuzzSettings.Seed("0000000000002"), iter: FuzzSettings.Iterations(300));
    }

    [Test]
    public void A_patched_build_equals_a_whole_build_through_random_edits()
    {
        var first = Gen.Select(KeyValue.Array[0, 6], Flag.Array[0, 6], (kv, flags) => new Settings(kv, flags));
        var edit = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 100], Flag, KeyValue, (kind, at, flag, keyValue) => (Func<Settings, Settings>)(s => Edit(s, kind, at, flag, keyValue)));
        Gen.Select(first, edit.Array[1, 8]).Sample((start, edits) =>
        {
            var patching = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
            var whole = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
            var settings = start;
            IDictionary<string, string?>? before = null;
            foreach (var next in edits.Prepend(s => s))
            {
                settings = next(settings);
                var keyValues = new[] { Collection(settings.KeyValues) };
                var flags = new[] { Collection(settings.Flags) };
                var (patched, changed) = patching.Build(keyValues, flags);
                whole.Forget();
                var (expected, _) = whole.Build(keyValues, flags);

                Assert.That(Sorted(patched.Data), Is.EqualTo(Sorted(expected.Data)), "the same keys (spelling included) and values");
                AssertReadsAsOneDictionary(patched);
                Assert.That(patching.MalformedFeatureFlags, Is.EqualTo(whole.MalformedFeatureFlags));
                if (before is not null)
                {
                    Assert.That(changed, Is.EqualTo(!SameData(before, expected.Data)), "changed exactly when the data differs");
                }

                before = expected.Data;
            }
        }, seed: FuzzSettings.Seed("0000000000003"), iter: FuzzSettings.Iterations(300));
    }

    private static Settings Edit(Settings settings, int kind, int at, ConfigurationSetting flag, ConfigurationSetting keyValue)
    {
        var flags = settings.Flags.ToList();
        var keyValues = settings.KeyValues;
        var index = flags.Count == 0 ? 0 : at % flags.Count;
        switch (kind)
        {
            case 0 when flags.Count > 0: // the same revision read again (a page answered 200)
                flags[index] = new ConfigurationSetting(flags[index].Key, flags[index].Value, flags[index].Label) { ContentType = flags[index].ContentType, ETag = flags[index].ETag };
                break;
            case 1 when flags.Count > 0:
                flags[index] = flag;
                break;
            case 2 when flags.Count > 0:
                flags.RemoveAt(index);
                break;
            case 3:
                flags.Insert(index, flag);
                break;
            case 4:
                keyValues = [.. keyValues, keyValue];
                break;
            default:
                break;
        }

        return new Settings(keyValues, [.. flags]);
    }

    /// <summary>The data (made of shared parts) answers as the one dictionary of a whole build into it does.</summary>
    private static void AssertReadsAsOneDictionary(ConfigurationData data)
    {
        var one = new Dictionary<string, string?>(data.KeyValues.Data, StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < data.Flags.Count; index++)
        {
            FeatureFlagMapper.AddAt(data.Flags[index], index, one);
        }

        Assert.That(Sorted(data.Data), Is.EqualTo(Sorted(one)), "the keys (spelling included) and values of one dictionary");
        Assert.That(data.Data, Has.Count.EqualTo(one.Count));
        var probes = one.Keys.SelectMany(k => new[] { k, k.ToUpperInvariant(), k.ToLowerInvariant(), k + ":x", k[..^1] })
            .Concat(["feature_management:feature_flags:00:id", "feature_management:feature_flags:0", "feature_management:feature_flags:99:id", "FEATURE_MANAGEMENT:FEATURE_FLAGS:1:ENABLED", "x"]);
        foreach (var probe in probes.Where(p => p.Length > 0))
        {
            var found = data.Data.TryGetValue(probe, out var value);
            Assert.That((found, value), Is.EqualTo((one.TryGetValue(probe, out var expected), expected)), $"lookup of '{probe}'");
            Assert.That(data.Data.ContainsKey(probe), Is.EqualTo(found));
        }
    }

    private static IEnumerable<string> Parents(string key)
    {
        for (var i = key.IndexOf(':', StringComparison.Ordinal); i >= 0; i = key.IndexOf(':', i + 1))
        {
            yield return key[..i];
        }
    }

    private static List<KeyValuePair<string, string?>> Sorted(IDictionary<string, string?> data) =>
        [.. data.OrderBy(p => p.Key, StringComparer.Ordinal)];

    private static bool SameData(IDictionary<string, string?> a, IDictionary<string, string?> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));

    private static CollectionSnapshot Collection(ConfigurationSetting[] settings) =>
        new(new KeyValueSelector("*", "\0"), [new CollectionSnapshot.CachedPage(null, new ETag("p"), settings, null)]);

    /// <summary>The base class's own scan, over the same data.</summary>
    private sealed class ScanningProvider : ConfigurationProvider
    {
        public ScanningProvider(IDictionary<string, string?> data) => Data = data;
    }
}
