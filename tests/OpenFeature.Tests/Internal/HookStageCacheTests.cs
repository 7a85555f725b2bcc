using OpenFeature.Internal;
using OpenFeature.Model;

namespace OpenFeature.Tests.Internal;

public class HookStageCacheTests
{
    [Test]
    public void AHookOverridingNothing_HasNoStages() =>
        Assert.That(HookStageCache.Of(new NothingHook()), Is.EqualTo(HookStages.None));

    [Test]
    public void OnlyTheOverriddenStages_AreReported() =>
        Assert.That(HookStageCache.Of(new AfterHook()), Is.EqualTo(HookStages.After));

    [Test]
    public void StagesOverriddenByABaseClass_AreInherited() =>
        Assert.That(HookStageCache.Of(new DerivedHook()), Is.EqualTo(HookStages.After | HookStages.Finally));

    [Test]
    public void TheSdkHooks_OverrideTheStagesTheyUse() =>
        Assert.That(HookStageCache.Of(new Hooks.TraceEnricherHook()), Is.EqualTo(HookStages.Finally));

    private sealed class NothingHook : Hook
    {
    }

    private class AfterHook : Hook
    {
        public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details,
            IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) => default;
    }

    private sealed class DerivedHook : AfterHook
    {
        public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
            IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) => default;
    }
}
