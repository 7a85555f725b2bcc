namespace OpenFeatureAppConfig.Rollouts;

/// <summary>Where a rollout stands in its life.</summary>
public enum RolloutState
{
    /// <summary>The schedule advances: each stage is written to the flag when it is due.</summary>
    Running,

    /// <summary>The schedule stands still (by hand, or because the flag changed under the rollout); the time paused is not counted.</summary>
    Paused,

    /// <summary>The last stage was written and held: the rollout is done and the flag keeps its last percentage.</summary>
    Completed,

    /// <summary>The flag was taken back to 0 % and the schedule stopped.</summary>
    RolledBack,
}
