using CsCheck;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.Guardrails.Internal;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Guardrails.Tests.Fuzz;

/// <summary>
/// Random requests split at random across instances: the arms from the summed counts (as the fleet sums them) are
/// exactly those of one instance that served everything, and they match counts and a p95 computed directly from
/// the requests (the p95 within one histogram bucket).
/// </summary>
[TestFixture]
public sealed class FleetCountsFuzzTests
{
    // Variant names that look like counter names too, so parsing cannot confuse them.
    private static readonly string[] VariantNames = ["true", "false", "a:b", "d:1:x", "r:", "ünïcode"];

    private static readonly Gen<(int Variant, bool Failed, double Milliseconds, int Instance)> Request =
        Gen.Select(Gen.Int[0, VariantNames.Length - 1], Gen.Bool, Gen.Double[0, 20_000], Gen.Int[0, 4]);

    [Test]
    public void Summed_instance_counts_give_the_arms_of_one_instance_that_served_everything()
    {
        Gen.Select(Request.Array[1, 300], Gen.Int[0, VariantNames.Length - 1]).Sample((requests, treatmentIndex) =>
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 30, TimeSpan.Zero));
            var window = FlagAwareAggregates.WindowOf(clock.GetUtcNow());
            var alone = new FlagAwareAggregates(clock);
            var instances = Enumerable.Range(0, 5).Select(_ => new FlagAwareAggregates(clock)).ToArray();
            foreach (var (variant, failed, milliseconds, instance) in requests)
            {
                alone.Add("f", VariantNames[variant], failed, TimeSpan.FromMilliseconds(milliseconds));
                instances[instance].Add("f", VariantNames[variant], failed, TimeSpan.FromMilliseconds(milliseconds));
            }

            var summed = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var counts in instances.Select(i => i.Sum("f", window, window)))
            {
                foreach (var (name, count) in counts)
                {
                    summed[name] = summed.GetValueOrDefault(name) + count;
                }
            }

            var treatment = VariantNames[treatmentIndex];
            var fleet = ArmCounters.Arms(summed, treatment);
            var one = ArmCounters.Arms(alone.Sum("f", window, window), treatment);
            return fleet == one
                && Matches(fleet.Treatment, requests.Where(r => r.Variant == treatmentIndex).ToList())
                && Matches(fleet.Control, requests.Where(r => r.Variant != treatmentIndex).ToList());
        }, iter: FuzzSettings.Iterations(2_000), seed: FuzzSettings.Seed("0d6Hr1QmVKE7"));
    }

    private static bool Matches(ArmObservation arm, List<(int Variant, bool Failed, double Milliseconds, int Instance)> requests)
    {
        if (arm.Requests != requests.Count || arm.Failures != requests.Count(r => r.Failed))
        {
            return false;
        }

        if (requests.Count == 0)
        {
            return arm.LatencyP95 is null;
        }

        // Nearest rank: the smallest duration with at least 95 % of the requests at or below it.
        var sorted = requests.Select(r => r.Milliseconds).Order().ToList();
        var p95 = sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1];
        var bound = arm.LatencyP95!.Value.TotalMilliseconds;
        return p95 <= 1 ? bound == 1 : bound >= p95 * (1 - 1e-9) && bound <= p95 * Math.Pow(2, 0.25) * (1 + 1e-9);
    }
}
