using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests.Support;

/// <summary>What the executor hands a guard: an on/off rollout of <c>new_checkout</c> running at its first stage (50 %).</summary>
internal static class GuardContexts
{
    public static RolloutGuardContext FirstStage(DateTimeOffset stageWrittenAt, DateTimeOffset now)
    {
        var plan = new RolloutPlan(GuardedTestApp.Flag, null, RolloutTarget.Enabled, stageWrittenAt, [new(50, TimeSpan.FromHours(1)), new(100, TimeSpan.FromHours(1))])
            .WithTransition(stageWrittenAt, new RolloutStatus(RolloutState.Running, 0), "stage 1 of 2 due: 50 %", "test");
        return new RolloutGuardContext(plan, now, stageWrittenAt);
    }
}
