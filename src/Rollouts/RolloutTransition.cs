namespace OpenFeatureAppConfig.Rollouts;

/// <summary>One entry of a rollout's history: a change of state or of the stage written to the flag.</summary>
/// <param name="At">When it happened.</param>
/// <param name="From">The status before: the previous entry's <paramref name="To"/>, or <see cref="RolloutStatus.Initial"/> for the first entry.</param>
/// <param name="To">The status after.</param>
/// <param name="Reason">Why, in words a person reads on a timeline (e.g. "stage 2 due", "flag edited by someone else").</param>
/// <param name="Actor">Who: a person, a tool, or <c>executor:&lt;instance&gt;</c>.</param>
public sealed record RolloutTransition(DateTimeOffset At, RolloutStatus From, RolloutStatus To, string Reason, string Actor);
