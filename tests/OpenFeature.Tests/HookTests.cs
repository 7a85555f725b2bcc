using System.Collections.Concurrent;
using System.Collections.Immutable;
using OpenFeature.Constant;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec section 4 (hooks).</summary>
public class HookTests
{
    private static async Task<(Api Api, FeatureClient Client, TestProvider Provider, ConcurrentQueue<string> Log)> ReadyAsync()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var log = new ConcurrentQueue<string>();
        var provider = new TestProvider { Log = log }.WithFlag("flag", true).WithFlag("text", "resolved");
        await api.SetProviderAsync(provider);
        return (api, api.GetClient("hooks", "1.0"), provider, log);
    }

    private static FlagEvaluationOptions Options(params Hook[] hooks) => new(ImmutableList.Create(hooks));

    private static FlagEvaluationOptions Options(IImmutableDictionary<string, object> hints, params Hook[] hooks) => new(ImmutableList.Create(hooks), hints);

    [Test]
    public async Task Requirement_4_1_1_HookContextHasKeyTypeContextDefaultAndData()
    {
        var (api, client, _, log) = await ReadyAsync();
        var hook = new RecordingHook("hook", log);
        var invocation = EvaluationContext.Builder().Set("plan", "gold").Build();

        await client.GetStringValueAsync("text", "default-text", invocation, Options(hook));

        var context = (HookContext<string>)hook.HookContexts.First();
        Assert.That(context.FlagKey, Is.EqualTo("text"));
        Assert.That(context.FlagValueType, Is.EqualTo(FlagValueType.String));
        Assert.That(context.DefaultValue, Is.EqualTo("default-text"));
        Assert.That(context.EvaluationContext.GetValue("plan").AsString, Is.EqualTo("gold"));
        Assert.That(context.Data, Is.Not.Null);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_1_2_HookContextHasClientAndProviderMetadata()
    {
        var (api, client, _, log) = await ReadyAsync();
        var hook = new RecordingHook("hook", log);

        await client.GetBooleanValueAsync("flag", false, null, Options(hook));

        var context = (HookContext<bool>)hook.HookContexts.First();
        Assert.That(context.ClientMetadata.Name, Is.EqualTo("hooks"));
        Assert.That(context.ClientMetadata.Version, Is.EqualTo("1.0"));
        Assert.That(context.ProviderMetadata.Name, Is.EqualTo("test-provider"));
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_4_1_3_FlagKeyTypeAndDefaultValueAreImmutable()
    {
        var writable = typeof(HookContext<bool>).GetProperties()
            .Where(p => p.Name is nameof(HookContext<bool>.FlagKey) or nameof(HookContext<bool>.FlagValueType) or nameof(HookContext<bool>.DefaultValue))
            .Where(p => p.SetMethod?.IsPublic == true);

        Assert.That(writable, Is.Empty);
    }

    [Test]
    public async Task Requirement_4_1_4_1_EvaluationContextIsChangedOnlyThroughBeforeHooks()
    {
        var (api, client, provider, log) = await ReadyAsync();
        var changer = new RecordingHook("changer", log) { BeforeResult = EvaluationContext.Builder().Set("added-in-before", true).Build() };
        var observer = new RecordingHook("observer", log);

        await client.GetBooleanValueAsync("flag", false, null, Options(changer, observer));

        provider.ResolvedContexts.TryDequeue(out var resolved);
        Assert.That(resolved!.GetValue("added-in-before").AsBoolean, Is.True);
        var afterContext = observer.HookContexts.OfType<HookContext<bool>>().Last();
        Assert.That(afterContext.EvaluationContext.GetValue("added-in-before").AsBoolean, Is.True);
        Assert.That(typeof(HookContext<bool>).GetProperty(nameof(HookContext<bool>.EvaluationContext))!.SetMethod?.IsPublic ?? false, Is.False);
        Assert.That(typeof(EvaluationContext).GetProperties().Where(p => p.SetMethod?.IsPublic == true), Is.Empty, "the context itself cannot be edited in place");
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_4_1_5_HookDataIsMutable()
    {
        var data = new HookData();

        data.Set("span", "s-1");
        data["count"] = 2;
        data.Set("span", "s-2");

        Assert.That(data.Get("span"), Is.EqualTo("s-2"));
        Assert.That(data["count"], Is.EqualTo(2));
        Assert.That(data.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task Requirement_4_2_1_HookHintsHoldStringKeysWithBooleanStringNumberDatetimeAndStructureValues()
    {
        var (api, client, _, log) = await ReadyAsync();
        var hook = new RecordingHook("hook", log);
        var moment = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var hints = ImmutableDictionary<string, object>.Empty
            .Add("bool", true).Add("string", "s").Add("int", 1).Add("double", 2.5).Add("datetime", moment)
            .Add("structure", Structure.Builder().Set("k", "v").Build());

        await client.GetBooleanValueAsync("flag", false, null, Options(hints, hook));

        var seen = hook.Hints.First().Hints!;
        Assert.That(seen["bool"], Is.EqualTo(true));
        Assert.That(seen["string"], Is.EqualTo("s"));
        Assert.That(seen["int"], Is.EqualTo(1));
        Assert.That(seen["double"], Is.EqualTo(2.5));
        Assert.That(seen["datetime"], Is.EqualTo(moment));
        Assert.That(((Structure)seen["structure"]).GetValue("k").AsString, Is.EqualTo("v"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_2_2_1_HookHintsAreImmutable()
    {
        var (api, client, _, log) = await ReadyAsync();
        var hook = new RecordingHook("hook", log);
        var hints = ImmutableDictionary<string, object>.Empty.Add("a", 1);

        await client.GetBooleanValueAsync("flag", false, null, Options(hints, hook));

        var seen = hook.Hints.First().Hints!;
        if (seen is IDictionary<string, object> writable)
        {
            Assert.That(() => writable.Add("b", 2), Throws.InstanceOf<NotSupportedException>());
        }

        Assert.That(new FlagEvaluationOptions(hook, hints).HookHints, Is.InstanceOf<IImmutableDictionary<string, object>>());
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_4_2_2_2_ClientMetadataInHookContextIsImmutable()
    {
        Assert.That(typeof(ClientMetadata).GetProperties().Where(p => p.SetMethod?.IsPublic == true), Is.Empty);
        Assert.That(typeof(HookContext<bool>).GetProperty(nameof(HookContext<bool>.ClientMetadata))!.SetMethod?.IsPublic ?? false, Is.False);
    }

    [Test]
    public void Requirement_4_2_2_3_ProviderMetadataInHookContextIsImmutable()
    {
        Assert.That(typeof(Metadata).GetProperties().Where(p => p.SetMethod?.IsPublic == true), Is.Empty);
        Assert.That(typeof(HookContext<bool>).GetProperty(nameof(HookContext<bool>.ProviderMetadata))!.SetMethod?.IsPublic ?? false, Is.False);
    }

    [Test]
    public async Task Requirement_4_3_1_HookMaySpecifyJustOneStage()
    {
        var (api, client, _, _) = await ReadyAsync();
        var hook = new AfterOnlyHook();

        var value = await client.GetBooleanValueAsync("flag", false, null, Options(hook));

        Assert.That(value, Is.True);
        Assert.That(hook.Calls, Is.EqualTo(1));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_3_1_StagesImplementedInABaseClassRun()
    {
        var (api, client, _, _) = await ReadyAsync();
        var hook = new DerivedFromAfterOnlyHook();

        await client.GetBooleanValueAsync("flag", false, null, Options(hook));
        await client.GetBooleanValueAsync("missing", false, null, Options(hook));

        Assert.That(hook.Calls, Is.EqualTo(1), "after, from the base class");
        Assert.That(hook.Errors, Is.EqualTo(1), "error, from the derived class");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_3_2_HookDataLivesAcrossTheStagesOfOneHookAndOneEvaluation()
    {
        var (api, client, _, _) = await ReadyAsync();
        var first = new DataHook("first");
        var second = new DataHook("second");

        await client.GetBooleanValueAsync("flag", false, null, Options(first, second));
        await client.GetBooleanValueAsync("flag", false, null, Options(first, second));

        Assert.That(first.SeenInAfter, Is.EqualTo(new object?[] { "first", "first" }));
        Assert.That(first.SeenInFinally, Is.EqualTo(new object?[] { "first", "first" }));
        Assert.That(second.SeenInAfter, Is.EqualTo(new object?[] { "second", "second" }), "hooks do not share data");
        Assert.That(first.CountSeenInBefore, Is.EqualTo(new[] { 0, 0 }), "every evaluation starts with fresh data");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_3_2_1_BeforeRunsBeforeResolutionAndMayReturnContextOrNothing()
    {
        var (api, client, provider, log) = await ReadyAsync();
        var returnsNothing = new RecordingHook("nothing", log);
        var returnsContext = new RecordingHook("context", log) { BeforeResult = EvaluationContext.Builder().Set("k", "v").Build() };

        await client.GetBooleanValueAsync("flag", false, null, Options(returnsNothing, returnsContext));

        var entries = log.ToList();
        Assert.That(entries.IndexOf("nothing.before"), Is.LessThan(entries.IndexOf("provider.resolve")));
        Assert.That(entries.IndexOf("context.before"), Is.LessThan(entries.IndexOf("provider.resolve")));
        provider.ResolvedContexts.TryDequeue(out var resolved);
        Assert.That(resolved!.GetValue("k").AsString, Is.EqualTo("v"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_3_4_ContextFromABeforeHookReachesLaterBeforeHooks()
    {
        var (api, client, _, log) = await ReadyAsync();
        var first = new RecordingHook("first", log) { BeforeResult = EvaluationContext.Builder().Set("from-first", 1).Build() };
        var second = new RecordingHook("second", log);

        await client.GetBooleanValueAsync("flag", false, null, Options(first, second));

        var secondBefore = (HookContext<bool>)second.HookContexts.First();
        Assert.That(secondBefore.EvaluationContext.GetValue("from-first").AsInteger, Is.EqualTo(1));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_3_5_BeforeHookContextIsMergedIntoTheEvaluationContext()
    {
        var (api, client, provider, log) = await ReadyAsync();
        var hook = new RecordingHook("hook", log) { BeforeResult = EvaluationContext.Builder().Set("plan", "from-hook").Set("extra", true).Build() };
        var invocation = EvaluationContext.Builder().SetTargetingKey("u-1").Set("plan", "from-invocation").Build();

        await client.GetBooleanValueAsync("flag", false, invocation, Options(hook));

        provider.ResolvedContexts.TryDequeue(out var resolved);
        Assert.That(resolved!.TargetingKey, Is.EqualTo("u-1"));
        Assert.That(resolved.GetValue("plan").AsString, Is.EqualTo("from-hook"));
        Assert.That(resolved.GetValue("extra").AsBoolean, Is.True);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_3_6_AfterRunsAfterResolutionWithTheEvaluationDetails()
    {
        var (api, client, _, log) = await ReadyAsync();
        var hook = new RecordingHook("hook", log);

        await client.GetStringValueAsync("text", "d", null, Options(hook));

        var entries = log.ToList();
        Assert.That(entries.IndexOf("hook.after"), Is.GreaterThan(entries.IndexOf("provider.resolve")));
        var details = (FlagEvaluationDetails<string>)hook.AfterDetails.Single();
        Assert.That(details.Value, Is.EqualTo("resolved"));
        Assert.That(details.FlagKey, Is.EqualTo("text"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_3_7_ErrorHookRunsForFailuresInBeforeAfterAndResolution()
    {
        var (api, client, provider, log) = await ReadyAsync();
        await api.SetProviderAsync("broken", new TestProvider("broken") { OnResolve = () => throw new InvalidOperationException("resolution failed") });

        var inBefore = new RecordingHook("in-before", log) { ThrowIn = "before" };
        await client.GetBooleanValueAsync("flag", false, null, Options(inBefore));
        var inAfter = new RecordingHook("in-after", log) { ThrowIn = "after" };
        await client.GetBooleanValueAsync("flag", false, null, Options(inAfter));
        var inResolution = new RecordingHook("in-resolution", log);
        await api.GetClient("broken").GetBooleanValueAsync("flag", false, null, Options(inResolution));

        Assert.That(inBefore.Errors.Single().Message, Does.Contain("in-before fails in before"));
        Assert.That(inAfter.Errors.Single().Message, Does.Contain("in-after fails in after"));
        Assert.That(inResolution.Errors.Single().Message, Does.Contain("resolution failed"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_3_8_FinallyRunsLastWithTheDetailsReturnedToTheCaller()
    {
        var (api, client, _, log) = await ReadyAsync();
        var ok = new RecordingHook("ok", log);
        var failing = new RecordingHook("failing", log) { ThrowIn = "before" };

        var success = await client.GetStringDetailsAsync("text", "d", null, Options(ok));
        var failure = await client.GetStringDetailsAsync("text", "d", null, Options(failing));

        var entries = log.ToList();
        Assert.That(entries.IndexOf("ok.finally"), Is.GreaterThan(entries.IndexOf("ok.after")));
        Assert.That(entries.IndexOf("failing.finally"), Is.GreaterThan(entries.IndexOf("failing.error")));
        var okDetails = (FlagEvaluationDetails<string>)ok.FinallyDetails.Single();
        var failingDetails = (FlagEvaluationDetails<string>)failing.FinallyDetails.Single();
        Assert.That((okDetails.Value, okDetails.ErrorType, okDetails.Reason), Is.EqualTo((success.Value, success.ErrorType, success.Reason)));
        Assert.That((failingDetails.Value, failingDetails.ErrorType, failingDetails.Reason), Is.EqualTo((failure.Value, failure.ErrorType, failure.Reason)));
        Assert.That(failingDetails.Value, Is.EqualTo("d"));
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_4_3_9_1_FinallyStageAvoidsTheReservedWord()
    {
        Assert.That(typeof(Hook).GetMethod("FinallyAsync"), Is.Not.Null);
    }

    [Test]
    public async Task Requirement_4_4_1_ApiClientProviderAndInvocationRegisterHooks()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var log = new ConcurrentQueue<string>();
        var provider = new TestProvider { ProviderHooks = ImmutableList.Create<Hook>(new RecordingHook("provider", log)) }.WithFlag("flag", true);
        await api.SetProviderAsync(provider);
        api.AddHooks(new RecordingHook("api", log));
        var client = api.GetClient();
        client.AddHooks(new RecordingHook("client", log));

        await client.GetBooleanValueAsync("flag", false, null, Options(new RecordingHook("invocation", log)));

        Assert.That(log.Where(e => e.EndsWith(".before")), Is.EquivalentTo(new[] { "api.before", "client.before", "invocation.before", "provider.before" }));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_4_2_HooksRunStackWise()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var log = new ConcurrentQueue<string>();
        Hook H(string name) => new RecordingHook(name, log);
        var provider = new TestProvider { ProviderHooks = ImmutableList.Create(H("G"), H("H")) }.WithFlag("flag", true);
        await api.SetProviderAsync(provider);
        await api.SetProviderAsync("failing", new TestProvider("failing") { ProviderHooks = ImmutableList.Create(H("G"), H("H")), OnResolve = () => throw new InvalidOperationException("x") });
        api.AddHooks(new[] { H("A"), H("B") });
        var client = api.GetClient();
        client.AddHooks(new[] { H("C"), H("D") });
        var failingClient = api.GetClient("failing");
        failingClient.AddHooks(new[] { H("C"), H("D") });

        await client.GetBooleanValueAsync("flag", false, null, Options(H("E"), H("F")));
        var success = log.ToList();
        log.Clear();
        await failingClient.GetBooleanValueAsync("flag", false, null, Options(H("E"), H("F")));
        var failure = log.ToList();

        string[] Stage(IEnumerable<string> entries, string stage) => entries.Where(e => e.EndsWith("." + stage)).Select(e => e[..e.IndexOf('.')]).ToArray();
        Assert.That(Stage(success, "before"), Is.EqualTo(new[] { "A", "B", "C", "D", "E", "F", "G", "H" }));
        Assert.That(Stage(success, "after"), Is.EqualTo(new[] { "H", "G", "F", "E", "D", "C", "B", "A" }));
        Assert.That(Stage(success, "finally"), Is.EqualTo(new[] { "H", "G", "F", "E", "D", "C", "B", "A" }));
        Assert.That(Stage(failure, "error"), Is.EqualTo(new[] { "H", "G", "F", "E", "D", "C", "B", "A" }));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_4_3_FailingFinallyHookDoesNotStopEvaluationOrOtherFinallyHooks()
    {
        var (api, client, _, log) = await ReadyAsync();
        var first = new RecordingHook("first", log);
        var failing = new RecordingHook("failing", log) { ThrowIn = "finally" };

        var details = await client.GetBooleanDetailsAsync("flag", false, null, Options(first, failing));

        Assert.That(details.Value, Is.True);
        Assert.That(details.ErrorType, Is.EqualTo(ErrorType.None));
        Assert.That(log, Does.Contain("first.finally"), "finally hooks run in reverse, so 'first' runs after the failing one");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_4_4_FailingErrorHookDoesNotStopEvaluationOrOtherErrorHooks()
    {
        var (api, client, _, log) = await ReadyAsync();
        var first = new RecordingHook("first", log);
        var failing = new RecordingHook("failing", log) { ThrowIn = "error" };

        var details = await client.GetBooleanDetailsAsync("missing", true, null, Options(first, failing));

        Assert.That(details.Value, Is.True);
        Assert.That(details.ErrorType, Is.EqualTo(ErrorType.FlagNotFound));
        Assert.That(log, Does.Contain("first.error"));
        Assert.That(log, Does.Contain("first.finally"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_4_5_FailureInBeforeOrAfterRunsErrorHooks()
    {
        var (api, client, _, log) = await ReadyAsync();
        var observer = new RecordingHook("observer", log);

        await client.GetBooleanValueAsync("flag", false, null, Options(observer, new RecordingHook("before-fails", log) { ThrowIn = "before" }));
        await client.GetBooleanValueAsync("flag", false, null, Options(observer, new RecordingHook("after-fails", log) { ThrowIn = "after" }));

        Assert.That(observer.Errors, Has.Count.EqualTo(2));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_4_6_FailureStopsTheRemainingHooksOfThatStage()
    {
        var (api, client, _, log) = await ReadyAsync();

        await client.GetBooleanValueAsync("flag", false, null, Options(new RecordingHook("b1", log) { ThrowIn = "before" }, new RecordingHook("b2", log)));
        await client.GetBooleanValueAsync("flag", false, null, Options(new RecordingHook("a1", log), new RecordingHook("a2", log) { ThrowIn = "after" }));

        Assert.That(log, Has.No.Member("b2.before"));
        Assert.That(log, Does.Contain("a2.after"));
        Assert.That(log, Has.No.Member("a1.after"), "after hooks run in reverse, so a1 comes after the failing a2");
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_4_7_FailureInBeforeReturnsTheDefault()
    {
        var (api, client, provider, log) = await ReadyAsync();

        var details = await client.GetStringDetailsAsync("text", "the-default", null, Options(new RecordingHook("fails", log) { ThrowIn = "before" }));

        Assert.That(details.Value, Is.EqualTo("the-default"));
        Assert.That(details.Reason, Is.EqualTo(Reason.Error));
        Assert.That(provider.ResolveCount, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_5_1_EvaluationOptionsMayCarryHookHints()
    {
        var hints = ImmutableDictionary<string, object>.Empty.Add("side-item", "onion rings");

        var withHints = new FlagEvaluationOptions(ImmutableList<Hook>.Empty, hints);
        var withoutHints = new FlagEvaluationOptions(ImmutableList<Hook>.Empty);

        Assert.That(withHints.HookHints["side-item"], Is.EqualTo("onion rings"));
        Assert.That(withoutHints.HookHints, Is.Empty);
        await Task.CompletedTask;
    }

    [Test]
    public async Task Requirement_4_5_2_HookHintsReachEveryStageOfEveryHook()
    {
        var (api, client, _, log) = await ReadyAsync();
        var hints = ImmutableDictionary<string, object>.Empty.Add("trace", "t-1");
        var first = new RecordingHook("first", log);
        var second = new RecordingHook("second", log);
        var failing = new RecordingHook("failing", log);

        await client.GetBooleanValueAsync("flag", false, null, Options(hints, first, second));
        await client.GetBooleanValueAsync("missing", false, null, Options(hints, failing));

        var all = first.Hints.Concat(second.Hints).Concat(failing.Hints).ToList();
        Assert.That(all.Select(h => h.Stage).Distinct(), Is.EquivalentTo(new[] { "before", "after", "error", "finally" }));
        Assert.That(all.Select(h => h.Hints?["trace"]), Has.All.EqualTo("t-1"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_5_3_HookCannotAlterTheHints()
    {
        var (api, client, _, log) = await ReadyAsync();
        var vandal = new HintVandalHook();
        var observer = new RecordingHook("observer", log);
        var hints = ImmutableDictionary<string, object>.Empty.Add("k", "original");

        await client.GetBooleanValueAsync("flag", false, null, Options(hints, vandal, observer));

        Assert.That(observer.Hints.Select(h => h.Hints?["k"]), Has.All.EqualTo("original"));
        Assert.That(observer.Hints.Select(h => h.Hints!.ContainsKey("added")), Has.All.False);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_4_6_1_HookDataHasStringKeysAndValuesOfAnyType()
    {
        var (api, client, _, _) = await ReadyAsync();
        var hook = new AnyValueDataHook();

        await client.GetBooleanValueAsync("flag", false, null, Options(hook));

        Assert.That(hook.Retrieved, Is.SameAs(hook.Stored));
        await api.ShutdownAsync();
    }

    private class AfterOnlyHook : Hook
    {
        public int Calls;

        public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class DerivedFromAfterOnlyHook : AfterOnlyHook
    {
        public int Errors;

        public override ValueTask ErrorAsync<T>(HookContext<T> context, Exception error, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Errors);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class DataHook : Hook
    {
        private readonly string _marker;

        public DataHook(string marker) => _marker = marker;

        public List<int> CountSeenInBefore { get; } = new();

        public List<object?> SeenInAfter { get; } = new();

        public List<object?> SeenInFinally { get; } = new();

        public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            CountSeenInBefore.Add(context.Data.Count);
            context.Data.Set("marker", _marker);
            return new ValueTask<EvaluationContext>(EvaluationContext.Empty);
        }

        public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            SeenInAfter.Add(context.Data.Get("marker"));
            return ValueTask.CompletedTask;
        }

        public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            SeenInFinally.Add(context.Data.Get("marker"));
            return ValueTask.CompletedTask;
        }
    }

    private sealed class HintVandalHook : Hook
    {
        public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            if (hints is IDictionary<string, object> writable)
            {
                try
                {
                    writable["k"] = "changed";
                    writable["added"] = true;
                }
                catch (NotSupportedException)
                {
                    // Expected: the hints are read-only.
                }
            }

            return new ValueTask<EvaluationContext>(EvaluationContext.Empty);
        }
    }

    private sealed class AnyValueDataHook : Hook
    {
        public object Stored { get; } = new Uri("https://example.test/span");

        public object? Retrieved { get; private set; }

        public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            context.Data.Set("span", Stored);
            return new ValueTask<EvaluationContext>(EvaluationContext.Empty);
        }

        public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details, IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
        {
            Retrieved = context.Data.Get("span");
            return ValueTask.CompletedTask;
        }
    }
}
