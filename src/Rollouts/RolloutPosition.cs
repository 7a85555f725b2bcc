namespace OpenFeatureAppConfig.Rollouts;

/// <summary>Where a rollout's schedule says its flag should be at a moment (<see cref="RolloutSchedule.Evaluate"/>).</summary>
/// <param name="Stage">The stage the flag should be at, or null for none (before the start, or rolled back).</param>
/// <param name="Percentage">That stage's percentage (0 for none).</param>
/// <param name="IsComplete">The last stage was written and held: the rollout is done.</param>
/// <param name="NextChangeAt">
/// When the schedule next moves if nothing else happens: the moment to act again. It is the evaluation's
/// own time when something is due now (<see cref="Stage"/> differs from the stage written, or the rollout
/// just completed), and null when nothing will happen by itself (paused, completed, rolled back).
/// </param>
public readonly record struct RolloutPosition(int? Stage, double Percentage, bool IsComplete, DateTimeOffset? NextChangeAt);
