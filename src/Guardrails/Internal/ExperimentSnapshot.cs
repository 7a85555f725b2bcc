namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>An experiment's counts at one moment, with what was left out of them.</summary>
/// <param name="Definition">The experiment.</param>
/// <param name="Variants">Each variant's distinct exposed and converted users (the control always among them).</param>
/// <param name="Users">Targeting keys enrolled.</param>
/// <param name="MaxUsers">The most it enrolls.</param>
/// <param name="NotEnrolled">Evaluations of keys left out: past <paramref name="MaxUsers"/>, too long, or of a variant past the limit.</param>
/// <param name="WithoutTargetingKey">Evaluations without a targeting key (no user to count).</param>
internal sealed record ExperimentSnapshot(
    ExperimentDefinition Definition,
    IReadOnlyList<VariantCounts> Variants,
    long Users,
    long MaxUsers,
    long NotEnrolled,
    long WithoutTargetingKey);
