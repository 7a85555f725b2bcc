namespace OpenFeatureAppConfig.Guardrails;

/// <summary>One variant's raw numbers for an experiment readout.</summary>
/// <param name="Variant">The variant's name.</param>
/// <param name="Exposures">Users (distinct targeting keys where known, else requests) who saw the variant.</param>
/// <param name="Conversions">Of those, how many sent the named <c>Track</c> event.</param>
public readonly record struct VariantCounts(string Variant, long Exposures, long Conversions);
