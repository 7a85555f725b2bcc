using OpenFeature.Internal;
using OpenFeature.Model;

namespace OpenFeature.Tests.Internal;

public class ContextMergerTests
{
    private static EvaluationContext Context(params (string Key, string Value)[] attributes)
    {
        var builder = EvaluationContext.Builder();
        foreach (var (key, value) in attributes)
        {
            builder.Set(key, value);
        }

        return builder.Build();
    }

    [Test]
    public void LaterLayersWin_InTheOrderApiTransactionClientInvocation()
    {
        var merged = ContextMerger.Merge(
            Context(("layer", "api"), ("api", "1")),
            Context(("layer", "transaction"), ("transaction", "1")),
            Context(("layer", "client"), ("client", "1")),
            Context(("layer", "invocation"), ("invocation", "1")));

        Assert.Multiple(() =>
        {
            Assert.That(merged.GetValue("layer").AsString, Is.EqualTo("invocation"));
            Assert.That(merged.Count, Is.EqualTo(5));
            Assert.That(merged.ContainsKey("api") && merged.ContainsKey("transaction") && merged.ContainsKey("client"), Is.True);
        });
    }

    [Test]
    public void TheOnlyNonEmptyLayer_IsReusedWithoutCopying()
    {
        var invocation = Context(("user", "u-1"));

        var merged = ContextMerger.Merge(EvaluationContext.Empty, null, EvaluationContext.Empty, invocation);

        Assert.That(merged, Is.SameAs(invocation));
    }

    [Test]
    public void NoContextAnywhere_IsTheSharedEmptyContext()
    {
        var merged = ContextMerger.Merge(EvaluationContext.Empty, null, EvaluationContext.Empty, null);

        Assert.That(merged, Is.SameAs(EvaluationContext.Empty));
    }

    [Test]
    public void AnOverlay_WinsOverTheBaseline_AndLeavesBothUnchanged()
    {
        var baseline = Context(("plan", "basic"), ("country", "NL"));
        var overlay = Context(("plan", "premium"));

        var merged = ContextMerger.Merge(baseline, overlay);

        Assert.Multiple(() =>
        {
            Assert.That(merged.GetValue("plan").AsString, Is.EqualTo("premium"));
            Assert.That(merged.GetValue("country").AsString, Is.EqualTo("NL"));
            Assert.That(baseline.GetValue("plan").AsString, Is.EqualTo("basic"));
            Assert.That(ContextMerger.Merge(baseline, EvaluationContext.Empty), Is.SameAs(baseline));
        });
    }
}
