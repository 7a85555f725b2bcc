namespace OpenFeatureAppConfig.Guardrails;

/// <summary>One variant's line of an experiment readout.</summary>
/// <param name="Variant">The variant's name.</param>
/// <param name="Exposures">Users who saw it.</param>
/// <param name="Conversions">Users who converted.</param>
/// <param name="ConversionRate">Conversions / exposures (0 without exposures).</param>
/// <param name="IntervalLow">The 95 % Wilson score interval's lower bound.</param>
/// <param name="IntervalHigh">The 95 % Wilson score interval's upper bound.</param>
/// <param name="IsControl">True for the control variant.</param>
/// <param name="Lift">The relative difference to the control's rate ((rate − control) / control); null for the control or when the control's rate is 0.</param>
/// <param name="PValue">The two-sided p-value of the two-proportion z-test against the control; null for the control or without exposures.</param>
/// <param name="IsSignificant">True when <paramref name="PValue"/> is below the readout's alpha.</param>
public sealed record VariantReadout(
    string Variant,
    long Exposures,
    long Conversions,
    double ConversionRate,
    double IntervalLow,
    double IntervalHigh,
    bool IsControl,
    double? Lift,
    double? PValue,
    bool IsSignificant);
