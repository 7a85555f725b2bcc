using System.Collections.Concurrent;
using OpenFeature.Constant;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec section 1.1 (API initialization and configuration) and 1.2 (client usage).</summary>
public class FlagEvaluationApiTests
{
    [Test]
    public void Requirement_1_1_1_ApiIsAGlobalSingleton()
    {
        var first = Api.Instance;
        var second = Api.Instance;

        Assert.That(first, Is.Not.Null);
        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public async Task Requirement_1_1_2_1_ProviderMutatorSetsTheDefaultProvider()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider("default-one").WithFlag("flag", true);

        await api.SetProviderAsync(provider);

        Assert.That(api.GetProvider(), Is.SameAs(provider));
        Assert.That(await api.GetClient().GetBooleanValueAsync("flag", false), Is.True);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_1_2_2_InitializeRunsBeforeTheProviderResolvesFlags()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var gate = new Gate();
        var provider = new TestProvider { OnInitialize = (_, ct) => gate.WaitAsync(ct) }.WithFlag("flag", true);

        var setting = api.SetProviderAsync(provider);
        await gate.Entered;
        var whileInitializing = await api.GetClient().GetBooleanDetailsAsync("flag", false);
        Assert.That(provider.ResolveCount, Is.Zero, "the resolver ran before initialize finished");
        Assert.That(whileInitializing.Value, Is.False);

        gate.Open();
        await setting;
        Assert.That(provider.InitializeCount, Is.EqualTo(1));
        Assert.That(await api.GetClient().GetBooleanValueAsync("flag", false), Is.True);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_1_2_2_ProviderAlreadyActiveInAnotherDomainIsNotInitializedAgain()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider();

        await api.SetProviderAsync(provider);
        await api.SetProviderAsync("other", provider);

        Assert.That(provider.InitializeCount, Is.EqualTo(1));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_1_2_3_ReplacedProviderIsShutDown()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var first = new TestProvider("first");
        var second = new TestProvider("second");
        await api.SetProviderAsync(first);

        await api.SetProviderAsync(second);

        Assert.That(first.ShutdownCount, Is.EqualTo(1));
        Assert.That(second.ShutdownCount, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_1_2_3_ReplacedProviderStillBoundToAnotherDomainIsNotShutDown()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var shared = new TestProvider("shared");
        await api.SetProviderAsync(shared);
        await api.SetProviderAsync("domain-a", shared);

        await api.SetProviderAsync(new TestProvider("replacement"));
        Assert.That(shared.ShutdownCount, Is.Zero, "still serves domain-a");

        await api.SetProviderAsync("domain-a", new TestProvider("replacement-a"));
        Assert.That(shared.ShutdownCount, Is.EqualTo(1), "its last binding is gone");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_1_2_4_SetProviderAsyncWaitsForInitializeToComplete()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var gate = new Gate();
        var provider = new TestProvider { OnInitialize = (_, ct) => gate.WaitAsync(ct) };

        var setting = api.SetProviderAsync(provider);
        await gate.Entered;
        Assert.That(setting.IsCompleted, Is.False);

        gate.Open();
        await setting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(api.GetClient().ProviderStatus, Is.EqualTo(ProviderStatus.Ready));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_1_2_4_SetProviderAsyncSettlesWhenInitializeFails()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider { OnInitialize = (_, _) => throw new InvalidOperationException("cannot connect") };

        await api.SetFailingProviderAsync(provider).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(api.GetClient().ProviderStatus, Is.EqualTo(ProviderStatus.Error));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_1_3_ProviderIsBoundToADomainAndRebindingOverwrites()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider("default").WithFlag("flag", "from-default"));
        await api.SetProviderAsync("checkout", new TestProvider("first").WithFlag("flag", "from-first"));
        var client = api.GetClient("checkout");
        Assert.That(await client.GetStringValueAsync("flag", "none"), Is.EqualTo("from-first"));

        var second = new TestProvider("second").WithFlag("flag", "from-second");
        await api.SetProviderAsync("checkout", second);

        Assert.That(api.GetProvider("checkout"), Is.SameAs(second));
        Assert.That(await client.GetStringValueAsync("flag", "none"), Is.EqualTo("from-second"));
        Assert.That(await api.GetClient().GetStringValueAsync("flag", "none"), Is.EqualTo("from-default"));
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_1_1_4_AddHooksAppendsToPreviouslyAddedHooks()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var log = new ConcurrentQueue<string>();
        var a = new RecordingHook("a", log);
        var b = new RecordingHook("b", log);
        var c = new RecordingHook("c", log);

        api.AddHooks(a);
        api.AddHooks(new[] { b, c });

        Assert.That(api.GetHooks(), Is.EqualTo(new Hook[] { a, b, c }));
    }

    [Test]
    public async Task Requirement_1_1_5_ProviderMetadataIsAvailableByDefaultAndByDomain()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider("default-provider"));
        await api.SetProviderAsync("payments", new TestProvider("payments-provider"));

        Assert.That(api.GetProviderMetadata()?.Name, Is.EqualTo("default-provider"));
        Assert.That(api.GetProviderMetadata("payments")?.Name, Is.EqualTo("payments-provider"));
        Assert.That(api.GetProviderMetadata("unbound")?.Name, Is.EqualTo("default-provider"), "an unbound domain falls back to the default");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_1_6_ClientUsesItsDomainProviderOrTheDefault()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider("default").WithFlag("flag", 1));
        await api.SetProviderAsync("domain-1", new TestProvider("domain-1").WithFlag("flag", 2));

        Assert.That(await api.GetClient().GetIntegerValueAsync("flag", 0), Is.EqualTo(1));
        Assert.That(await api.GetClient("domain-1").GetIntegerValueAsync("flag", 0), Is.EqualTo(2));
        Assert.That(await api.GetClient("no-such-domain").GetIntegerValueAsync("flag", 0), Is.EqualTo(1));
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_1_1_7_ClientCreationDoesNotThrow()
    {
        var api = OpenFeatureFactory.CreateIsolated();

        Assert.Multiple(() =>
        {
            Assert.That(() => api.GetClient(), Throws.Nothing);
            Assert.That(() => api.GetClient(null, null, null, null), Throws.Nothing);
            Assert.That(() => api.GetClient(string.Empty), Throws.Nothing);
            Assert.That(() => api.GetClient(new string('x', 10_000), "1.0", new RecordingLogger(), EvaluationContext.Empty), Throws.Nothing);
            Assert.That(() => api.GetClient("no-provider-yet"), Throws.Nothing);
        });
    }

    [Test]
    public async Task Requirement_1_1_8_1_DomainScopedProviderIsRefusedForASecondDomain()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var scoped = new SelfReportingProvider("scoped");
        scoped.WithFlag("flag", "a");
        await api.SetProviderAsync("a", scoped);

        Assert.That(async () => await api.SetProviderAsync("b", scoped), Throws.InstanceOf<InvalidOperationException>().Or.InstanceOf<ArgumentException>());
        Assert.That(async () => await api.SetProviderAsync(scoped), Throws.InstanceOf<InvalidOperationException>().Or.InstanceOf<ArgumentException>());

        Assert.That(await api.GetClient("a").GetStringValueAsync("flag", "none"), Is.EqualTo("a"), "the first binding stays intact");
        Assert.That(api.GetProvider("b"), Is.Not.SameAs(scoped));
        Assert.That(scoped.InitializedDomains, Is.EqualTo(new[] { "a" }));
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_1_2_1_ClientAddHooksAppendsToPreviouslyAddedHooks()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var client = api.GetClient();
        var log = new ConcurrentQueue<string>();
        var a = new RecordingHook("a", log);
        var b = new RecordingHook("b", log);
        var c = new RecordingHook("c", log);

        client.AddHooks(a);
        client.AddHooks(new[] { b, c });

        Assert.That(client.GetHooks(), Is.EqualTo(new Hook[] { a, b, c }));
    }

    [Test]
    public void Requirement_1_2_2_ClientMetadataCarriesTheDomainGivenAtCreation()
    {
        var api = OpenFeatureFactory.CreateIsolated();

        var metadata = api.GetClient("domain-1", "2.1").GetMetadata();

        Assert.That(metadata.Name, Is.EqualTo("domain-1"));
        Assert.That(metadata.Version, Is.EqualTo("2.1"));
        Assert.That(typeof(ClientMetadata).GetProperties().Where(p => p.SetMethod?.IsPublic == true), Is.Empty, "metadata must be immutable");
    }
}
