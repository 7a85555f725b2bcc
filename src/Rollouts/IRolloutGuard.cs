namespace OpenFeatureAppConfig.Rollouts;

/// <summary>
/// Watches a running rollout. The executor asks every registered guard on each pass (every evaluation window,
/// at most <see cref="ProgressiveRolloutOptions.PollInterval"/> apart) about each running rollout whose flag is
/// above 0 %, before it writes the next stage. When a guard trips, the executor takes the flag back to 0 % and
/// pauses the rollout, with the guard's reason in the plan's history and the logs.
/// </summary>
/// <remarks>
/// Register guards in dependency injection (<c>services.AddSingleton&lt;IRolloutGuard, MyGuard&gt;()</c>) next to
/// <see cref="ProgressiveRolloutsServiceCollectionExtensions.AddProgressiveRollouts"/>. A guard that throws is
/// logged and counts as not tripped for that pass: a broken metrics source must not roll back every rollout.
/// </remarks>
public interface IRolloutGuard
{
    /// <summary>The guard's name in reasons and logs (e.g. <c>promql</c>).</summary>
    string Name { get; }

    /// <summary>Looks at the rollout's current stage and says whether it must be rolled back.</summary>
    /// <param name="context">The rollout and the executor's time.</param>
    /// <param name="cancellationToken">Stops the check when the executor stops.</param>
    ValueTask<RolloutGuardResult> CheckAsync(RolloutGuardContext context, CancellationToken cancellationToken);
}
