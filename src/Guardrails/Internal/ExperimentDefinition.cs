namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>One experiment: its flag, the <c>Track</c> event that counts as a conversion, and the control variant.</summary>
internal sealed record ExperimentDefinition(string Flag, string ConversionEvent, string ControlVariant);
