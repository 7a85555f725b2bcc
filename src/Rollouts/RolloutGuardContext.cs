namespace OpenFeatureAppConfig.Rollouts;

/// <summary>What a <see cref="IRolloutGuard"/> is asked about: a running rollout whose flag is above 0 %.</summary>
/// <param name="Plan">The rollout as stored, running, with a stage written to its flag.</param>
/// <param name="Now">The executor's time for this pass.</param>
/// <param name="StageWrittenAt">When the current stage was written to the flag: the start of the data that describes it.</param>
public sealed record RolloutGuardContext(RolloutPlan Plan, DateTimeOffset Now, DateTimeOffset StageWrittenAt);
