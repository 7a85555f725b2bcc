using System.Collections.Concurrent;
using System.Collections.Immutable;
using OpenFeature.Constant;
using OpenFeature.Error;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec section 2 (providers), checked on the SDK's provider contract and its in-memory provider.</summary>
public class ProviderTests
{
    private static readonly ImmutableMetadata OwnerMetadata = new(new Dictionary<string, object> { ["owner"] = "team-a" });

    private static InMemoryProvider CreateInMemoryProvider() => new(new Dictionary<string, Flag>
    {
        ["bool"] = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true, ["off"] = false }, "on", null, OwnerMetadata),
        ["string"] = new Flag<string>(new Dictionary<string, string> { ["greeting"] = "hello" }, "greeting"),
        ["int"] = new Flag<int>(new Dictionary<string, int> { ["ten"] = 10 }, "ten"),
        ["double"] = new Flag<double>(new Dictionary<string, double> { ["half"] = 0.5 }, "half"),
        ["object"] = new Flag<Value>(new Dictionary<string, Value> { ["shape"] = new Value(Structure.Builder().Set("sides", 3).Build()) }, "shape"),
        ["targeted"] = new Flag<string>(
            new Dictionary<string, string> { ["gold"] = "gold-tier", ["basic"] = "basic-tier" },
            "basic",
            context => context.GetValue("plan").AsString == "gold" ? "gold" : "basic"),
    });

    [Test]
    public void Requirement_2_1_1_ProviderMetadataHasAName()
    {
        Assert.That(CreateInMemoryProvider().GetMetadata()?.Name, Is.Not.Null.And.Not.Empty);
        Assert.That(new TestProvider("custom-name").GetMetadata().Name, Is.EqualTo("custom-name"));
    }

    [Test]
    public async Task Requirement_2_2_1_ProviderResolvesWithKeyDefaultAndContextIntoResolutionDetails()
    {
        var provider = CreateInMemoryProvider();
        var context = EvaluationContext.Builder().Set("plan", "gold").Build();

        ResolutionDetails<string> details = await provider.ResolveStringValueAsync("targeted", "none", context);

        Assert.That(details.FlagKey, Is.EqualTo("targeted"));
        Assert.That(details.Value, Is.EqualTo("gold-tier"));
    }

    [Test]
    public async Task Requirement_2_2_2_1_ProviderHasTypedResolutionMethods()
    {
        var provider = CreateInMemoryProvider();

        Assert.That((await provider.ResolveBooleanValueAsync("bool", false)).Value, Is.True);
        Assert.That((await provider.ResolveStringValueAsync("string", "")).Value, Is.EqualTo("hello"));
        Assert.That((await provider.ResolveIntegerValueAsync("int", 0)).Value, Is.EqualTo(10));
        Assert.That((await provider.ResolveDoubleValueAsync("double", 0)).Value, Is.EqualTo(0.5));
        Assert.That((await provider.ResolveStructureValueAsync("object", new Value())).Value.AsStructure?.GetValue("sides").AsInteger, Is.EqualTo(3));
    }

    [Test]
    public async Task Requirement_2_2_3_NormalResolutionCarriesTheValue()
    {
        var details = await CreateInMemoryProvider().ResolveIntegerValueAsync("int", -1);

        Assert.That(details.Value, Is.EqualTo(10));
    }

    [Test]
    public async Task Requirement_2_2_4_NormalResolutionCarriesTheVariant()
    {
        var details = await CreateInMemoryProvider().ResolveBooleanValueAsync("bool", false);

        Assert.That(details.Variant, Is.EqualTo("on"));
    }

    [Test]
    public async Task Requirement_2_2_5_ResolutionCarriesAReason()
    {
        var provider = CreateInMemoryProvider();

        var fixedValue = await provider.ResolveBooleanValueAsync("bool", false);
        var targeted = await provider.ResolveStringValueAsync("targeted", "", EvaluationContext.Builder().Set("plan", "gold").Build());

        Assert.That(fixedValue.Reason, Is.EqualTo(Reason.Static));
        Assert.That(targeted.Reason, Is.EqualTo(Reason.TargetingMatch));
    }

    [Test]
    public async Task Requirement_2_2_6_NormalResolutionHasNoErrorCode()
    {
        var details = await CreateInMemoryProvider().ResolveBooleanValueAsync("bool", false);

        Assert.That(details.ErrorType, Is.EqualTo(ErrorType.None));
    }

    [Test]
    public async Task Requirement_2_2_7_AbnormalResolutionIndicatesAnErrorCode()
    {
        var provider = CreateInMemoryProvider();

        ErrorType observed;
        try
        {
            var details = await provider.ResolveBooleanValueAsync("missing", false);
            observed = details.ErrorType;
        }
        catch (FeatureProviderException ex)
        {
            observed = ex.ErrorType;
        }

        Assert.That(observed, Is.EqualTo(ErrorType.FlagNotFound));
        Assert.That(new TypeMismatchException("x").ErrorType, Is.EqualTo(ErrorType.TypeMismatch));
        Assert.That(new FeatureProviderException(ErrorType.TargetingKeyMissing, "who?").ErrorType, Is.EqualTo(ErrorType.TargetingKeyMissing));
    }

    [Test]
    public async Task Requirement_2_2_8_1_ResolutionDetailsAreGenericInTheValueType()
    {
        var details = await CreateInMemoryProvider().ResolveDoubleValueAsync("double", 0);

        Assert.That(details, Is.TypeOf<ResolutionDetails<double>>());
    }

    [Test]
    public async Task Requirement_2_2_9_ResolutionCarriesFlagMetadata()
    {
        var details = await CreateInMemoryProvider().ResolveBooleanValueAsync("bool", false);

        Assert.That(details.FlagMetadata?.GetString("owner"), Is.EqualTo("team-a"));
    }

    [Test]
    public void Requirement_2_2_10_FlagMetadataHoldsStringKeysWithBooleanStringAndNumberValues()
    {
        var metadata = new ImmutableMetadata(new Dictionary<string, object>
        {
            ["enabled"] = true,
            ["owner"] = "team-a",
            ["version"] = 4,
            ["weight"] = 0.75,
        });

        Assert.That(metadata.GetBool("enabled"), Is.True);
        Assert.That(metadata.GetString("owner"), Is.EqualTo("team-a"));
        Assert.That(metadata.GetInt("version"), Is.EqualTo(4));
        Assert.That(metadata.GetDouble("weight"), Is.EqualTo(0.75));
        Assert.That(metadata.GetString("missing"), Is.Null);
        Assert.That(metadata.Count, Is.EqualTo(4));
    }

    [Test]
    public async Task Requirement_2_3_1_ProviderHooksJoinTheEvaluation()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var log = new ConcurrentQueue<string>();
        var provider = new TestProvider { ProviderHooks = ImmutableList.Create<Hook>(new RecordingHook("provider-hook", log)) }.WithFlag("flag", true);
        await api.SetProviderAsync(provider);

        await api.GetClient().GetBooleanValueAsync("flag", false);

        Assert.That(log, Is.EqualTo(new[] { "provider-hook.before", "provider-hook.after", "provider-hook.finally" }));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_3_2_NormalResolutionHasNoErrorMessage()
    {
        var details = await CreateInMemoryProvider().ResolveStringValueAsync("string", "");

        Assert.That(details.ErrorMessage, Is.Null.Or.Empty);
    }

    [Test]
    public async Task Requirement_2_3_3_AbnormalResolutionMayCarryAnErrorMessage()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(CreateInMemoryProvider());

        var details = await api.GetClient().GetBooleanDetailsAsync("missing", false);

        Assert.That(details.ErrorMessage, Is.Not.Null.And.Not.Empty);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_4_1_InitializeReceivesTheGlobalEvaluationContext()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        api.SetContext(EvaluationContext.Builder().Set("region", "eu-west").Build());
        var provider = new TestProvider();

        await api.SetProviderAsync(provider);

        Assert.That(provider.InitializationContext?.GetValue("region").AsString, Is.EqualTo("eu-west"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_4_2_1_InitializeThatCannotMakeTheProviderReadyTerminatesAbnormally()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider { OnInitialize = (_, _) => throw new ProviderNotReadyException("upstream unreachable") };

        await api.SetFailingProviderAsync(provider);

        Assert.That(api.GetClient().ProviderStatus, Is.EqualTo(ProviderStatus.Error));
        Assert.That((await api.GetClient().GetBooleanDetailsAsync("flag", true)).Value, Is.True);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_5_1_ProviderMayDefineShutdownWhichTheSdkCalls()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider();
        await api.SetProviderAsync(provider);

        await api.ShutdownAsync();

        Assert.That(provider.ShutdownCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Requirement_2_5_2_InMemoryProviderCanBeUsedAgainAfterShutdown()
    {
        var provider = CreateInMemoryProvider();
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(provider);
        await api.ShutdownAsync();

        await api.SetProviderAsync(provider);

        Assert.That(api.GetClient().ProviderStatus, Is.EqualTo(ProviderStatus.Ready));
        Assert.That(await api.GetClient().GetBooleanValueAsync("bool", false), Is.True);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_5_3_ShutdownIsIdempotent()
    {
        var provider = CreateInMemoryProvider();
        await provider.ShutdownAsync();
        Assert.That(async () => await provider.ShutdownAsync(), Throws.Nothing);

        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider());
        await api.ShutdownAsync();
        Assert.That(async () => await api.ShutdownAsync(), Throws.Nothing);
    }

    [Test]
    public async Task Requirement_2_7_1_ProviderMayDefineTracking()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TrackingProvider();
        await api.SetProviderAsync(provider);

        api.GetClient().Track("signed-up");

        Assert.That(provider.Events.Select(e => e.Name), Is.EqualTo(new[] { "signed-up" }));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_4_1_InitializeOfADomainAwareProviderReceivesItsDomain()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var scoped = new SelfReportingProvider("scoped");
        var unscoped = new SelfReportingProvider("default");

        await api.SetProviderAsync("payments", scoped);
        await api.SetProviderAsync(unscoped);

        Assert.That(scoped.InitializedDomains, Is.EqualTo(new[] { "payments" }));
        Assert.That(unscoped.InitializedDomains, Is.EqualTo(new string?[] { null }));
        Assert.That(scoped.InitializeCount, Is.EqualTo(1), "the SDK calls one of the two initialize methods, not both");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_8_1_ProviderEmittingReadyDuringInitializeIsReadyWithOneReadyEvent()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var ready = new EventProbe("modern");
        api.AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);

        await api.SetProviderAsync(new SelfReportingProvider("modern").WithFlag("flag", true));

        Assert.That((await ready.WaitForAsync(1))[0]?.ProviderName, Is.EqualTo("modern"));
        await EventProbe.SettleAsync();
        Assert.That(ready.Count, Is.EqualTo(1), "the SDK adds no READY of its own");
        Assert.That(api.GetClient().ProviderStatus, Is.EqualTo(ProviderStatus.Ready));
        Assert.That(await api.GetClient().GetBooleanValueAsync("flag", false), Is.True);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_8_2_ProviderEmittingErrorBeforeFailingInitializeGetsThatStatus()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var errors = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderError, errors.Handler);

        await api.SetFailingProviderAsync(new SelfReportingProvider("modern") { FailWith = ErrorType.ProviderFatal });

        Assert.That((await errors.WaitForAsync(1))[0]?.ErrorType, Is.EqualTo(ErrorType.ProviderFatal));
        Assert.That(api.GetClient().ProviderStatus, Is.EqualTo(ProviderStatus.Fatal));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_8_3_StatusIsUpdatedBeforeLifecycleHandlersRun()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var client = api.GetClient("d");
        var seen = new ConcurrentQueue<ProviderStatus>();
        var ready = new EventProbe("modern") { OnEvent = _ => seen.Enqueue(client.ProviderStatus) };
        var error = new EventProbe("legacy") { OnEvent = _ => seen.Enqueue(client.ProviderStatus) };
        client.AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);
        client.AddHandler(ProviderEventTypes.ProviderError, error.Handler);

        await api.SetProviderAsync("d", new SelfReportingProvider("modern"));
        await ready.WaitForAsync(1);
        await api.SetFailingProviderAsync(new TestProvider("legacy") { OnInitialize = (_, _) => throw new GeneralException("x") }, "d");
        await error.WaitForAsync(1);

        Assert.That(seen, Is.EqualTo(new[] { ProviderStatus.Ready, ProviderStatus.Error }));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_8_4_SdkEmitsReadyForAProviderThatDoesNotEmitItsOwn()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var ready = new EventProbe("legacy");
        api.AddHandler(ProviderEventTypes.ProviderReady, ready.Handler);

        await api.SetProviderAsync(new TestProvider("legacy"));

        var events = await ready.WaitForAsync(1);
        await EventProbe.SettleAsync();
        Assert.That(ready.Count, Is.EqualTo(1), "exactly one READY per initialization");
        Assert.That(events[0]?.ProviderName, Is.EqualTo("legacy"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_2_8_4_SdkEmitsErrorForAProviderThatDoesNotEmitItsOwn()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var errors = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderError, errors.Handler);

        await api.SetFailingProviderAsync(new TestProvider("legacy") { OnInitialize = (_, _) => throw new GeneralException("no connection") });

        var events = await errors.WaitForAsync(1);
        Assert.That(events[0]?.ProviderName, Is.EqualTo("legacy"));
        Assert.That(events[0]?.Message, Does.Contain("no connection"));
        Assert.That(api.GetClient().ProviderStatus, Is.EqualTo(ProviderStatus.Error));
        await api.ShutdownAsync();
    }
}
