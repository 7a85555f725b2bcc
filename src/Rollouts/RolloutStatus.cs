namespace OpenFeatureAppConfig.Rollouts;

/// <summary>A rollout's state and the stage last written to its flag.</summary>
/// <param name="State">Running, paused, completed or rolled back.</param>
/// <param name="Stage">The index of the stage last written to the flag, or null when none is (not started yet, or rolled back).</param>
public readonly record struct RolloutStatus(RolloutState State, int? Stage)
{
    /// <summary>A new plan's status: running, nothing written yet.</summary>
    public static RolloutStatus Initial => new(RolloutState.Running, null);
}
