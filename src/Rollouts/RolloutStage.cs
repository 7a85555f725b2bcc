namespace OpenFeatureAppConfig.Rollouts;

/// <summary>One step of a rollout: the share of users that get the target, and how long it is held before the next step.</summary>
/// <param name="Percentage">The share of users, more than 0 and at most 100.</param>
/// <param name="Hold">
/// How long the stage is held, counted from the moment it was written to the flag, not counting time paused.
/// The last stage's hold is the wait before the rollout counts as completed.
/// </param>
public sealed record RolloutStage(double Percentage, TimeSpan Hold);
