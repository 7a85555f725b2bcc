using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// The readout of an A/B(/n) experiment as a pure function of each variant's exposures and conversions: conversion
/// rate with a 95 % Wilson score interval, lift against the control, and a two-sided two-proportion z-test.
/// </summary>
public static class ExperimentReadout
{
    /// <summary>The standard normal quantile of 0.975: a 95 % two-sided interval.</summary>
    private const double Z95 = 1.959963984540054;

    /// <summary>Computes the readout, one line per variant in the order given.</summary>
    /// <param name="variants">Each variant's counts; names unique.</param>
    /// <param name="controlVariant">The control's name; it must be among <paramref name="variants"/>.</param>
    /// <param name="alpha">The significance level of each comparison with the control (0.05 by default).</param>
    /// <exception cref="ArgumentException">Duplicate or missing variants, or impossible counts.</exception>
    public static IReadOnlyList<VariantReadout> Compute(IEnumerable<VariantCounts> variants, string controlVariant, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentException.ThrowIfNullOrEmpty(controlVariant);
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be between 0 and 1 (exclusive).");
        }

        var list = variants.ToList();
        if (list.Select(v => v.Variant).Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            throw new ArgumentException("Each variant may appear once.", nameof(variants));
        }

        foreach (var v in list)
        {
            if (v.Exposures < 0 || v.Conversions < 0 || v.Conversions > v.Exposures)
            {
                throw new ArgumentException($"Variant '{v.Variant}' must have 0 ≤ conversions ≤ exposures, not {v.Conversions} of {v.Exposures}.", nameof(variants));
            }
        }

        var control = list.FirstOrDefault(v => v.Variant == controlVariant);
        if (control.Variant is null)
        {
            throw new ArgumentException($"The control variant '{controlVariant}' is not among the variants.", nameof(controlVariant));
        }

        var controlRate = Rate(control);
        return list.Select(v =>
        {
            var rate = Rate(v);
            var (low, high) = Wilson(v.Conversions, v.Exposures);
            if (v.Variant == controlVariant)
            {
                return new VariantReadout(v.Variant, v.Exposures, v.Conversions, rate, low, high, true, null, null, false);
            }

            double? lift = controlRate > 0 ? (rate - controlRate) / controlRate : null;
            double? p = v.Exposures > 0 && control.Exposures > 0 ? TwoSidedP(control, v) : null;
            return new VariantReadout(v.Variant, v.Exposures, v.Conversions, rate, low, high, false, lift, p, p < alpha);
        }).ToList();
    }

    private static double Rate(VariantCounts v) => v.Exposures > 0 ? (double)v.Conversions / v.Exposures : 0;

    /// <summary>The Wilson score interval: unlike rate ± z·SE it stays in [0, 1] and is sound for small counts and rates near 0 or 1.</summary>
    private static (double Low, double High) Wilson(long conversions, long exposures)
    {
        if (exposures == 0)
        {
            return (0, 1);
        }

        double n = exposures, p = conversions / n, z2 = Z95 * Z95;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return (Math.Max(0, center - half), Math.Min(1, center + half));
    }

    private static double TwoSidedP(VariantCounts control, VariantCounts variant)
    {
        var pooled = (double)(control.Conversions + variant.Conversions) / (control.Exposures + variant.Exposures);
        var variance = pooled * (1 - pooled) * (1.0 / control.Exposures + 1.0 / variant.Exposures);
        if (variance <= 0)
        {
            return 1; // everyone or no one converted in both: no difference to see
        }

        var z = (Rate(variant) - Rate(control)) / Math.Sqrt(variance);
        return 2 * NormalDistribution.UpperTail(Math.Abs(z));
    }
}
