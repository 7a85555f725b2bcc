using System.Collections.Concurrent;
using OpenFeature.Constant;
using OpenFeature.Error;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>
/// Spec section 1.7 (provider lifecycle management). Numbers follow v0.9.0, where the status is derived from
/// events (section 2.8) and the former 1.7.6–1.7.9 became 1.7.3–1.7.6.
/// </summary>
public class ProviderStatusTests
{
    [Test]
    public void Requirement_1_7_1_StatusHasTheFiveServerSideValues()
    {
        Assert.That(Enum.GetNames<ProviderStatus>(), Is.EquivalentTo(new[] { "NotReady", "Ready", "Stale", "Error", "Fatal" }));
    }

    [Test]
    public async Task Requirement_1_7_1_ClientStatusFollowsTheProviderLifecycle()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var gate = new Gate();
        var provider = new TestProvider { OnInitialize = (_, ct) => gate.WaitAsync(ct) };
        var client = api.GetClient("lifecycle");

        var setting = api.SetProviderAsync("lifecycle", provider);
        await gate.Entered;
        Assert.That(client.ProviderStatus, Is.EqualTo(ProviderStatus.NotReady), "while initializing");

        gate.Open();
        await setting;
        Assert.That(client.ProviderStatus, Is.EqualTo(ProviderStatus.Ready), "initialize terminated normally");

        await api.SetFailingProviderAsync(new TestProvider { OnInitialize = (_, _) => throw new GeneralException("broken") }, "lifecycle");
        Assert.That(client.ProviderStatus, Is.EqualTo(ProviderStatus.Error), "initialize terminated abnormally");

        await api.SetFailingProviderAsync(new TestProvider { OnInitialize = (_, _) => throw new ProviderFatalException("bad credentials") }, "lifecycle");
        Assert.That(client.ProviderStatus, Is.EqualTo(ProviderStatus.Fatal), "initialize terminated with PROVIDER_FATAL");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_7_3_EvaluationWhileNotReadyDefaultsRunsErrorHooksAndSaysProviderNotReady()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var gate = new Gate();
        var provider = new TestProvider { OnInitialize = (_, ct) => gate.WaitAsync(ct) }.WithFlag("flag", true);
        var setting = api.SetProviderAsync(provider);
        await gate.Entered;
        var log = new ConcurrentQueue<string>();
        var hook = new RecordingHook("hook", log);

        var details = await api.GetClient().GetBooleanDetailsAsync("flag", false, null, new FlagEvaluationOptions(hook));

        Assert.That(details.Value, Is.False);
        Assert.That(details.ErrorType, Is.EqualTo(ErrorType.ProviderNotReady));
        Assert.That(details.Reason, Is.EqualTo(Reason.Error));
        Assert.That(log, Does.Contain("hook.error"));
        Assert.That(log, Does.Contain("hook.finally"));
        Assert.That(provider.ResolveCount, Is.Zero, "the SDK short-circuits instead of asking the provider");
        gate.Open();
        await setting;
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_7_4_EvaluationWhileFatalDefaultsRunsErrorHooksAndSaysProviderFatal()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider { OnInitialize = (_, _) => throw new ProviderFatalException("revoked key") }.WithFlag("flag", "on");
        await api.SetFailingProviderAsync(provider);
        var log = new ConcurrentQueue<string>();
        var hook = new RecordingHook("hook", log);

        var details = await api.GetClient().GetStringDetailsAsync("flag", "off", null, new FlagEvaluationOptions(hook));

        Assert.That(details.Value, Is.EqualTo("off"));
        Assert.That(details.ErrorType, Is.EqualTo(ErrorType.ProviderFatal));
        Assert.That(details.Reason, Is.EqualTo(Reason.Error));
        Assert.That(log, Does.Contain("hook.error"));
        Assert.That(provider.ResolveCount, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_7_5_ErrorCodeFromInitializeIsPropagatedToTheErrorEvent()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var errors = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderError, errors.Handler);
        var provider = new TestProvider { OnInitialize = (_, _) => throw new ParseErrorException("flag file is not JSON") };

        await api.SetFailingProviderAsync(provider);

        var events = await errors.WaitForAsync(1);
        Assert.That(events[0]?.ErrorType, Is.EqualTo(ErrorType.ParseError));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_7_6_StatusIsNotReadyOnceShutdownTerminates()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider("default"));
        await api.SetProviderAsync("domain", new TestProvider("domain"));
        var defaultClient = api.GetClient();
        var domainClient = api.GetClient("domain");
        Assert.That(defaultClient.ProviderStatus, Is.EqualTo(ProviderStatus.Ready));

        await api.ShutdownAsync();

        Assert.That(defaultClient.ProviderStatus, Is.EqualTo(ProviderStatus.NotReady));
        Assert.That(domainClient.ProviderStatus, Is.EqualTo(ProviderStatus.NotReady));
    }
}
