using System.Collections.Concurrent;
using OpenFeature.Constant;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec section 1.6 (shutdown).</summary>
public class ShutdownTests
{
    [Test]
    public async Task Requirement_1_6_1_ShutdownReachesEveryProvider()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var defaultProvider = new TestProvider("default");
        var domainProvider = new TestProvider("domain");
        var failedProvider = new TestProvider("failed") { OnInitialize = (_, _) => throw new InvalidOperationException("down") };
        await api.SetProviderAsync(defaultProvider);
        await api.SetProviderAsync("a", domainProvider);
        await api.SetProviderAsync("b", domainProvider);
        await api.SetFailingProviderAsync(failedProvider, "c");

        await api.ShutdownAsync();

        Assert.That(defaultProvider.ShutdownCount, Is.EqualTo(1));
        Assert.That(domainProvider.ShutdownCount, Is.EqualTo(1), "a provider bound twice is shut down once");
        Assert.That(failedProvider.ShutdownCount, Is.EqualTo(1), "shutdown does not depend on the provider's state");
    }

    [Test]
    public async Task Requirement_1_6_2_ShutdownResetsAllApiState()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var readyHandler = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderReady, readyHandler.Handler);
        await api.SetProviderAsync(new TestProvider("before-shutdown").WithFlag("flag", true));
        await readyHandler.WaitForAsync(1);
        await EventProbe.SettleAsync();
        var handledBeforeShutdown = readyHandler.Count;
        api.AddHooks(new RecordingHook("global", new ConcurrentQueue<string>()));
        api.SetContext(EvaluationContext.Builder().Set("region", "eu").Build());
        api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        api.SetTransactionContext(EvaluationContext.Builder().Set("request", "r-1").Build());

        await api.ShutdownAsync();

        var valueAfterShutdown = await api.GetClient().GetBooleanValueAsync("flag", false);
        Assert.Multiple(() =>
        {
            Assert.That(api.GetHooks(), Is.Empty, "hooks");
            Assert.That(api.GetContext().Count, Is.Zero, "evaluation context");
            Assert.That(api.GetTransactionContext().Count, Is.Zero, "transaction context propagator");
            Assert.That(api.GetProviderMetadata()?.Name, Is.Not.EqualTo("before-shutdown"), "provider");
            Assert.That(valueAfterShutdown, Is.False, "the no-op provider answers with defaults");
        });

        await api.SetProviderAsync(new TestProvider("after-shutdown"));
        await EventProbe.SettleAsync();
        Assert.That(readyHandler.Count, Is.EqualTo(handledBeforeShutdown), "event handlers");
        await api.ShutdownAsync();
    }
}
