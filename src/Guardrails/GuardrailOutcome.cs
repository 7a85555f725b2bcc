namespace OpenFeatureAppConfig.Guardrails;

/// <summary>What the decision rule concluded.</summary>
public enum GuardrailOutcome
{
    /// <summary>An arm has fewer than the minimum sample: no conclusion yet, the rollout goes on.</summary>
    InsufficientData,

    /// <summary>The treatment is not measurably worse than the control.</summary>
    Pass,

    /// <summary>The treatment is measurably worse: roll back.</summary>
    Trip,
}
