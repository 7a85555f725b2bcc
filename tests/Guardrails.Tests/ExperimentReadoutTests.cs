namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The readout math against figures computed independently (Wilson interval, pooled two-sided z-test).</summary>
[TestFixture]
public sealed class ExperimentReadoutTests
{
    [Test]
    public void Three_variants_get_rate_interval_lift_and_significance_against_the_control()
    {
        var readout = ExperimentReadout.Compute(
            [new("Blue", 1000, 50), new("Green", 1000, 75), new("Red", 1000, 52)], controlVariant: "Blue");

        Assert.That(readout.Select(line => line.Variant), Is.EqualTo(new[] { "Blue", "Green", "Red" }));
        var (blue, green, red) = (readout[0], readout[1], readout[2]);
        Assert.Multiple(() =>
        {
            Assert.That(blue.IsControl, Is.True);
            Assert.That(blue.ConversionRate, Is.EqualTo(0.05));
            Assert.That(blue.IntervalLow, Is.EqualTo(0.03813026239).Within(1e-10));
            Assert.That(blue.IntervalHigh, Is.EqualTo(0.06531382024).Within(1e-10));
            Assert.That(blue.Lift, Is.Null);
            Assert.That(blue.PValue, Is.Null);

            Assert.That(green.Lift, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(green.PValue, Is.EqualTo(0.0209213353).Within(1e-7));
            Assert.That(green.IsSignificant, Is.True);

            Assert.That(red.Lift, Is.EqualTo(0.04).Within(1e-12));
            Assert.That(red.IsSignificant, Is.False);
        });
    }

    [Test]
    public void Intervals_stay_within_0_and_1_at_the_extremes()
    {
        var readout = ExperimentReadout.Compute([new("A", 10, 0), new("B", 10, 10), new("C", 0, 0)], "A");

        Assert.Multiple(() =>
        {
            Assert.That((readout[0].IntervalLow, readout[0].IntervalHigh), Is.EqualTo((0.0, 0.2775327998628892)).Using(new TupleTolerance(1e-10)));
            Assert.That(readout[1].IntervalLow, Is.EqualTo(0.7224672001).Within(1e-9));
            Assert.That(readout[1].IntervalHigh, Is.LessThanOrEqualTo(1));
            Assert.That((readout[2].IntervalLow, readout[2].IntervalHigh), Is.EqualTo((0.0, 1.0)), "no exposures: nothing known");
            Assert.That(readout[1].Lift, Is.Null, "no lift over a control rate of 0");
            Assert.That(readout[2].PValue, Is.Null);
        });
    }

    [Test]
    public void Bad_input_is_refused_by_name()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => ExperimentReadout.Compute([new("A", 10, 1)], "B"), Throws.ArgumentException.With.Property("ParamName").EqualTo("controlVariant"));
            Assert.That(() => ExperimentReadout.Compute([new("A", 10, 1), new("A", 5, 1)], "A"), Throws.ArgumentException.With.Message.Contains("once"));
            Assert.That(() => ExperimentReadout.Compute([new("A", 10, 11)], "A"), Throws.ArgumentException.With.Message.Contains("0 ≤ conversions ≤ exposures"));
        });
    }

    private sealed class TupleTolerance(double tolerance) : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) <= tolerance && Math.Abs(x.Item2 - y.Item2) <= tolerance;

        public int GetHashCode((double, double) obj) => 0;
    }
}
