using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;

namespace OpenFeature.Tests.Internal;

public class InMemoryFlagCacheTests
{
    [Test]
    public void RepeatedStaticResolutions_ReuseOneCompletedTask()
    {
        var flag = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true }, "on");

        var first = flag.Evaluate("f", false, null);
        var second = flag.Evaluate("f", false, null);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(first.Result.Value, Is.True);
            Assert.That(first.Result.Reason, Is.EqualTo(Reason.Static));
        });
    }

    [Test]
    public void TargetedResolutions_AreKeptPerVariant()
    {
        var flag = new Flag<string>(new Dictionary<string, string> { ["a"] = "A", ["b"] = "B" }, "a",
            context => context.GetValue("pick").AsString!);
        var pickA = EvaluationContext.Builder().Set("pick", "a").Build();
        var pickB = EvaluationContext.Builder().Set("pick", "b").Build();

        var a = flag.Evaluate("f", "none", pickA);
        var b = flag.Evaluate("f", "none", pickB);

        Assert.Multiple(() =>
        {
            Assert.That(a.Result.Value, Is.EqualTo("A"));
            Assert.That(b.Result.Value, Is.EqualTo("B"));
            Assert.That(b.Result.Reason, Is.EqualTo(Reason.TargetingMatch));
            Assert.That(flag.Evaluate("f", "none", pickA), Is.SameAs(a));
        });
    }

    [Test]
    public void AFlagServedUnderTwoKeys_ReportsTheKeyAskedFor()
    {
        var flag = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true }, "on");

        _ = flag.Evaluate("first", false, null);
        var second = flag.Evaluate("second", false, null);

        Assert.That(second.Result.FlagKey, Is.EqualTo("second"));
    }

    [Test]
    public void AnUnknownVariantFromTheEvaluator_FallsBackToTheDefaultVariant()
    {
        var flag = new Flag<int>(new Dictionary<string, int> { ["one"] = 1 }, "one", _ => "missing");

        var resolution = flag.Evaluate("f", 0, EvaluationContext.Empty).Result;

        Assert.Multiple(() =>
        {
            Assert.That(resolution.Value, Is.EqualTo(1));
            Assert.That(resolution.Reason, Is.EqualTo(Reason.Default));
        });
    }
}
