using System.Collections.Concurrent;
using OpenFeature.Constant;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec section 1.8 (isolated API instances, experimental in v0.9.0).</summary>
public class IsolatedApiTests
{
    [Test]
    public void Requirement_1_8_1_FactoryCreatesNewApiInstances()
    {
        var first = OpenFeatureFactory.CreateIsolated();
        var second = OpenFeatureFactory.CreateIsolated();

        Assert.That(first, Is.Not.SameAs(second));
        Assert.That(first, Is.Not.SameAs(Api.Instance));
    }

    [Test]
    public async Task Requirement_1_8_1_IsolatedInstancesShareNoState()
    {
        var first = OpenFeatureFactory.CreateIsolated();
        var second = OpenFeatureFactory.CreateIsolated();
        var log = new ConcurrentQueue<string>();
        var hook = new RecordingHook("first-only", log);
        var secondReady = new EventProbe("isolated-first");
        second.AddHandler(ProviderEventTypes.ProviderReady, secondReady.Handler);
        first.AddHooks(hook);
        first.SetContext(EvaluationContext.Builder().Set("instance", "first").Build());
        first.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        first.SetTransactionContext(EvaluationContext.Builder().Set("tx", "first").Build());

        await first.SetProviderAsync(new TestProvider("isolated-first").WithFlag("flag", "first"));
        await EventProbe.SettleAsync();

        Assert.That(second.GetProviderMetadata()?.Name, Is.Not.EqualTo("isolated-first"));
        Assert.That(second.GetHooks(), Is.Empty);
        Assert.That(second.GetContext().Count, Is.Zero);
        Assert.That(second.GetTransactionContext().Count, Is.Zero);
        Assert.That(secondReady.Count, Is.Zero, "an event of the first instance reached a handler of the second");
        Assert.That(await second.GetClient().GetStringValueAsync("flag", "none"), Is.EqualTo("none"));
        Assert.That(Api.Instance.GetProviderMetadata()?.Name, Is.Not.EqualTo("isolated-first"));
        Assert.That(Api.Instance.GetHooks(), Has.No.Member(hook));
        await first.ShutdownAsync();
        await second.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_8_2_IsolatedInstanceOffersTheSingletonsApi()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var log = new ConcurrentQueue<string>();
        var ready = new EventProbe("isolated");

        Assert.That(api, Is.InstanceOf(Api.Instance.GetType()));
        api.AddHooks(new RecordingHook("hook", log));
        api.AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);
        await api.SetProviderAsync(new TestProvider("isolated").WithFlag("flag", 5));
        var details = await api.GetClient("any").GetIntegerDetailsAsync("flag", 0);

        Assert.That(details.Value, Is.EqualTo(5));
        Assert.That(log, Does.Contain("hook.after"));
        await ready.WaitForAsync(1);
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_1_8_3_FactoryLivesApartFromTheSingletonApi()
    {
        Assert.That(typeof(OpenFeatureFactory).Namespace, Is.EqualTo("OpenFeature.Isolated"));
        Assert.That(typeof(Api).GetConstructors(), Is.Empty, "the singleton's type has no public constructor");
    }

    [Test]
    public async Task Requirement_1_8_4_ProviderCannotBeBoundToTwoApiInstances()
    {
        var first = OpenFeatureFactory.CreateIsolated();
        var second = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider("shared").WithFlag("flag", true);
        await first.SetProviderAsync(provider);

        Assert.That(async () => await second.SetProviderAsync(provider), Throws.InstanceOf<InvalidOperationException>());

        Assert.That(await first.GetClient().GetBooleanValueAsync("flag", false), Is.True, "the first binding stays intact");
        await first.ShutdownAsync();
        await second.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_8_4_ProviderIsFreeForAnotherInstanceOnceReleased()
    {
        var first = OpenFeatureFactory.CreateIsolated();
        var second = OpenFeatureFactory.CreateIsolated();
        var third = OpenFeatureFactory.CreateIsolated();
        var replaced = new TestProvider("replaced").WithFlag("flag", true);
        var shutDown = new TestProvider("shut-down").WithFlag("flag", true);
        await first.SetProviderAsync(replaced);
        await second.SetProviderAsync(shutDown);

        await first.SetProviderAsync(new TestProvider("replacement"));
        await second.ShutdownAsync();

        Assert.That(async () => await third.SetProviderAsync("a", replaced), Throws.Nothing);
        Assert.That(async () => await third.SetProviderAsync("b", shutDown), Throws.Nothing);
        Assert.That(async () => await third.SetProviderAsync("c", shutDown), Throws.Nothing, "several domains of one instance may share a provider");
        Assert.That(await third.GetClient("b").GetBooleanValueAsync("flag", false), Is.True);
        await first.ShutdownAsync();
        await third.ShutdownAsync();
    }
}
