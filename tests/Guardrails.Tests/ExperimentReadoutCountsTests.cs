using System.Text.Json.Nodes;
using OpenFeatureAppConfig.Guardrails.Tests.Support;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>
/// The readout served by a real app against counts the test makes itself from the raw events it sent: many users
/// viewing <c>button_color</c> (three variants) and tracking <c>purchase</c>, in a shuffled order (pinned seed).
/// </summary>
[TestFixture]
public sealed class ExperimentReadoutCountsTests
{
    private const int Seed = 20261203;

    [Test]
    public async Task The_readout_matches_counts_made_independently_from_the_raw_events_for_three_variants()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts("/experiments"));
        var events = Simulate(new Random(Seed));

        // The test's own count, in the order the events reach the app: a user is exposed to the first variant
        // /view answered, and converts (once) by a purchase after that exposure; anything else does not count.
        var firstVariant = new Dictionary<string, string>(StringComparer.Ordinal);
        var converted = new HashSet<string>(StringComparer.Ordinal);
        var anonymousViews = 0;
        foreach (var (kind, user, name) in events)
        {
            if (kind == "view")
            {
                var variant = await app.Http.GetStringAsync(user is null ? "/view" : $"/view?user={Uri.EscapeDataString(user)}");
                if (user is null)
                {
                    anonymousViews++;
                }
                else
                {
                    firstVariant.TryAdd(user, variant);
                }
            }
            else
            {
                using var response = await app.Http.GetAsync($"/track?user={Uri.EscapeDataString(user!)}&event={name}");
                Assert.That((int)response.StatusCode, Is.EqualTo(204));
                if (name == ExperimentTestApp.Event && firstVariant.ContainsKey(user!))
                {
                    converted.Add(user!);
                }
            }
        }

        var expected = ExperimentTestApp.Variants.Select(variant => new VariantCounts(
            variant,
            firstVariant.Count(pair => pair.Value == variant),
            converted.Count(user => firstVariant[user] == variant))).ToList();
        Assert.That(expected.Select(v => v.Conversions), Has.All.GreaterThan(20), "the simulation must give every variant conversions to compare");

        var readout = JsonNode.Parse(await app.Http.GetStringAsync("/experiments/button_color"))!;
        var variants = readout["variants"]!.AsArray();
        var control = expected[0];
        var controlRate = (double)control.Conversions / control.Exposures;
        var math = ExperimentReadout.Compute(expected, "blue"); // the interval and p-value math, checked on its own in ExperimentReadoutTests
        Assert.Multiple(() =>
        {
            Assert.That((string?)readout["flag"], Is.EqualTo("button_color"));
            Assert.That((string?)readout["event"], Is.EqualTo("purchase"));
            Assert.That((string?)readout["control"], Is.EqualTo("blue"));
            Assert.That((double?)readout["alpha"], Is.EqualTo(0.05));
            Assert.That((long?)readout["users"], Is.EqualTo(firstVariant.Count));
            Assert.That((long?)readout["maxUsers"], Is.EqualTo(100_000));
            Assert.That((long?)readout["notEnrolled"], Is.EqualTo(0));
            Assert.That((long?)readout["withoutTargetingKey"], Is.EqualTo(anonymousViews));
            Assert.That(variants.Select(v => (string?)v!["variant"]), Is.EqualTo(ExperimentTestApp.Variants));
            for (var i = 0; i < expected.Count; i++)
            {
                var (line, want) = (variants[i]!, expected[i]);
                var rate = (double)want.Conversions / want.Exposures;
                var what = $"variant {want.Variant}";
                Assert.That((bool?)line["control"], Is.EqualTo(i == 0), what);
                Assert.That((long?)line["exposures"], Is.EqualTo(want.Exposures), what);
                Assert.That((long?)line["conversions"], Is.EqualTo(want.Conversions), what);
                Assert.That((double?)line["conversionRate"], Is.EqualTo(rate).Within(1e-12), what);
                Assert.That((double?)line["interval"]!["low"], Is.EqualTo(math[i].IntervalLow).Within(1e-12), what);
                Assert.That((double?)line["interval"]!["high"], Is.EqualTo(math[i].IntervalHigh).Within(1e-12), what);
                Assert.That((double?)line["interval"]!["low"], Is.LessThan(rate), what);
                Assert.That((double?)line["interval"]!["high"], Is.GreaterThan(rate), what);
                Assert.That((double?)line["lift"], i == 0 ? Is.Null : Is.EqualTo((rate - controlRate) / controlRate).Within(1e-12), what);
                Assert.That((double?)line["pValue"], i == 0 ? Is.Null : Is.EqualTo(math[i].PValue!.Value).Within(1e-12), what);
                Assert.That((bool?)line["significant"], Is.EqualTo(i > 0 && math[i].PValue < 0.05), what);
            }
        });
    }

    [Test]
    public async Task A_targeting_key_in_the_transaction_context_is_exposed_and_converts_like_one_passed_in_the_call()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts());
        var shown = new Dictionary<string, string>();
        foreach (var user in Enumerable.Range(0, 30).Select(i => $"tx-{i}"))
        {
            shown[user] = await app.Http.GetStringAsync($"/view-as?user={user}");
        }

        var buyers = shown.Keys.Where((_, i) => i % 2 == 0).ToList();
        foreach (var user in buyers)
        {
            using var response = await app.Http.GetAsync($"/track-as?user={user}&event=purchase");
        }

        var variants = JsonNode.Parse(await app.Http.GetStringAsync("/experiments/button_color"))!["variants"]!.AsArray();
        Assert.That(variants.Select(v => ((string?)v!["variant"], (long?)v["exposures"], (long?)v["conversions"])), Is.EquivalentTo(
            ExperimentTestApp.Variants.Select(variant => ((string?)variant, (long?)shown.Count(s => s.Value == variant), (long?)buyers.Count(b => shown[b] == variant)))));
    }

    /// <summary>
    /// 900 users view 1–3 times and buy with a chance that depends on their variant (10, 14, 20 %), some twice;
    /// some sign up (another event); 40 users buy without ever viewing; 25 views carry no user. Shuffled, so some
    /// purchases come before the buyer's first view.
    /// </summary>
    private static List<(string Kind, string? User, string? Event)> Simulate(Random random)
    {
        var chance = new Dictionary<string, double> { ["blue"] = 0.10, ["green"] = 0.14, ["orange"] = 0.20 };
        var events = new List<(string Kind, string? User, string? Event)>();
        for (var i = 0; i < 900; i++)
        {
            var user = $"user-{i}";
            events.AddRange(Enumerable.Repeat<(string, string?, string?)>(("view", user, null), random.Next(1, 4)));
            if (random.NextDouble() < chance[ExperimentTestApp.VariantOf(user)])
            {
                events.AddRange(Enumerable.Repeat<(string, string?, string?)>(("track", user, ExperimentTestApp.Event), random.Next(1, 3)));
            }

            if (random.NextDouble() < 0.1)
            {
                events.Add(("track", user, "signup"));
            }
        }

        events.AddRange(Enumerable.Range(0, 40).Select(i => ("track", (string?)$"ghost-{i}", (string?)ExperimentTestApp.Event)));
        events.AddRange(Enumerable.Repeat<(string, string?, string?)>(("view", null, null), 25));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(events));
        return events;
    }
}
