using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpenFeature.Constant;
using OpenFeature.Error;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec sections 1.3 (flag evaluation), 1.4 (detailed flag evaluation) and 1.5 (evaluation options).</summary>
public class FlagEvaluationTests
{
    private static async Task<(Api Api, FeatureClient Client, TestProvider Provider)> ReadyAsync(TestProvider? provider = null)
    {
        var api = OpenFeatureFactory.CreateIsolated();
        provider ??= new TestProvider();
        await api.SetProviderAsync(provider);
        return (api, api.GetClient("evaluation"), provider);
    }

    private static Value Structure(string key, string value) => new(Model.Structure.Builder().Set(key, value).Build());

    [Test]
    public async Task Requirement_1_3_1_1_ClientHasTypedEvaluationMethodsWithContextAndOptions()
    {
        var provider = new TestProvider()
            .WithFlag("bool", true).WithFlag("string", "on").WithFlag("int", 7).WithFlag("double", 1.5)
            .WithFlag("object", Structure("color", "blue"));
        var (api, client, _) = await ReadyAsync(provider);
        var context = EvaluationContext.Builder().SetTargetingKey("user-1").Build();
        var options = new FlagEvaluationOptions(new RecordingHook("invocation", new ConcurrentQueue<string>()));

        Assert.That(await client.GetBooleanValueAsync("bool", false), Is.True);
        Assert.That(await client.GetBooleanValueAsync("bool", false, context, options), Is.True);
        Assert.That(await client.GetStringValueAsync("string", "off", context, options), Is.EqualTo("on"));
        Assert.That(await client.GetIntegerValueAsync("int", 0, context, options), Is.EqualTo(7));
        Assert.That(await client.GetDoubleValueAsync("double", 0, context, options), Is.EqualTo(1.5));
        var structure = await client.GetObjectValueAsync("object", new Value(), context, options);
        Assert.That(structure.AsStructure?.GetValue("color").AsString, Is.EqualTo("blue"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_3_3_1_ClientHasSeparateIntegerAndFloatingPointEvaluation()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("int", 42).WithFlag("double", 0.25));

        int whole = await client.GetIntegerValueAsync("int", 0);
        double fraction = await client.GetDoubleValueAsync("double", 0d);

        Assert.That(whole, Is.EqualTo(42));
        Assert.That(fraction, Is.EqualTo(0.25));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_3_4_ValueOfTheWrongTypeYieldsTheDefault()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var flags = new Dictionary<string, Flag>
        {
            ["greeting"] = new Flag<string>(new Dictionary<string, string> { ["hi"] = "hello" }, "hi"),
        };
        await api.SetProviderAsync(new InMemoryProvider(flags));
        var client = api.GetClient();

        var asBoolean = await client.GetBooleanDetailsAsync("greeting", true);
        var asInteger = await client.GetIntegerValueAsync("greeting", 13);

        Assert.That(asBoolean.Value, Is.True);
        Assert.That(asBoolean.ErrorType, Is.EqualTo(ErrorType.TypeMismatch));
        Assert.That(asInteger, Is.EqualTo(13));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_1_1_ClientHasDetailedEvaluationMethodsForEveryType()
    {
        var provider = new TestProvider()
            .WithFlag("bool", true).WithFlag("string", "on").WithFlag("int", 7).WithFlag("double", 1.5)
            .WithFlag("object", Structure("color", "blue"));
        var (api, client, _) = await ReadyAsync(provider);
        var context = EvaluationContext.Builder().Set("plan", "gold").Build();
        var options = new FlagEvaluationOptions(new RecordingHook("invocation", new ConcurrentQueue<string>()));

        FlagEvaluationDetails<bool> b = await client.GetBooleanDetailsAsync("bool", false, context, options);
        FlagEvaluationDetails<string> s = await client.GetStringDetailsAsync("string", "off", context, options);
        FlagEvaluationDetails<int> i = await client.GetIntegerDetailsAsync("int", 0, context, options);
        FlagEvaluationDetails<double> d = await client.GetDoubleDetailsAsync("double", 0, context, options);
        FlagEvaluationDetails<Value> o = await client.GetObjectDetailsAsync("object", new Value(), context, options);

        Assert.That((b.Value, s.Value, i.Value, d.Value), Is.EqualTo((true, "on", 7, 1.5)));
        Assert.That(o.Value.AsStructure?.GetValue("color").AsString, Is.EqualTo("blue"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_3_DetailsValueIsTheEvaluatedValue()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("limit", 250));

        var details = await client.GetIntegerDetailsAsync("limit", 10);

        Assert.That(details.Value, Is.EqualTo(250));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_4_1_DetailsAreGenericInTheValueType()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("ratio", 0.5));

        var details = await client.GetDoubleDetailsAsync("ratio", 0);

        Assert.That(details, Is.TypeOf<FlagEvaluationDetails<double>>());
        Assert.That(typeof(FlagEvaluationDetails<double>).GetProperty(nameof(FlagEvaluationDetails<double>.Value))!.PropertyType, Is.EqualTo(typeof(double)));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_5_DetailsFlagKeyIsTheKeyPassedIn()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("checkout-v2", true));

        var found = await client.GetBooleanDetailsAsync("checkout-v2", false);
        var missing = await client.GetBooleanDetailsAsync("not-defined", false);

        Assert.That(found.FlagKey, Is.EqualTo("checkout-v2"));
        Assert.That(missing.FlagKey, Is.EqualTo("not-defined"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_6_DetailsVariantComesFromTheResolution()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("color", "red", variant: "warm"));

        var details = await client.GetStringDetailsAsync("color", "grey");

        Assert.That(details.Variant, Is.EqualTo("warm"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_7_DetailsReasonComesFromTheResolution()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("color", "red", reason: Reason.TargetingMatch));

        var details = await client.GetStringDetailsAsync("color", "grey");

        Assert.That(details.Reason, Is.EqualTo(Reason.TargetingMatch));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_8_AbnormalExecutionSetsAnErrorCode()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("known", true));
        await api.SetProviderAsync("unexpected", new TestProvider("unexpected") { OnResolve = () => throw new InvalidOperationException("boom") });
        await api.SetProviderAsync("parse", new TestProvider("parse") { OnResolve = () => throw new ParseErrorException("bad json") });

        var notFound = await client.GetBooleanDetailsAsync("unknown", false);
        var unexpected = await api.GetClient("unexpected").GetBooleanDetailsAsync("known", false);
        var parse = await api.GetClient("parse").GetBooleanDetailsAsync("known", false);

        Assert.That(notFound.ErrorType, Is.EqualTo(ErrorType.FlagNotFound));
        Assert.That(unexpected.ErrorType, Is.EqualTo(ErrorType.General));
        Assert.That(parse.ErrorType, Is.EqualTo(ErrorType.ParseError));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_8_ErrorCodeReturnedInTheResolutionIsKept()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new ErrorReturningProvider());

        var details = await api.GetClient().GetStringDetailsAsync("flag", "fallback");

        Assert.That(details.ErrorType, Is.EqualTo(ErrorType.InvalidContext));
        Assert.That(details.Value, Is.EqualTo("fallback"));
        Assert.That(details.Reason, Is.EqualTo(Reason.Error));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_9_AbnormalExecutionReasonIsError()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider { OnResolve = () => throw new TimeoutException("network") });

        var details = await client.GetBooleanDetailsAsync("any", true);

        Assert.That(details.Reason, Is.EqualTo(Reason.Error));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_10_EvaluationNeverThrowsAndReturnsTheDefault()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync("async-throw", new TestProvider { OnResolve = () => Task.FromException(new InvalidOperationException("async")) });
        await api.SetProviderAsync("sync-throw", new SynchronouslyThrowingProvider());
        var log = new ConcurrentQueue<string>();
        var failingHook = new RecordingHook("hook", log) { ThrowIn = "before" };

        foreach (var domain in new[] { "async-throw", "sync-throw" })
        {
            var client = api.GetClient(domain);
            Assert.That(await client.GetBooleanValueAsync("f", true), Is.True, domain);
            Assert.That(await client.GetStringValueAsync("f", "dflt"), Is.EqualTo("dflt"), domain);
            Assert.That(await client.GetIntegerValueAsync("f", 3), Is.EqualTo(3), domain);
            Assert.That(await client.GetDoubleValueAsync("f", 2.5), Is.EqualTo(2.5), domain);
            var fallback = new Value("fallback");
            Assert.That((await client.GetObjectValueAsync("f", fallback)).AsString, Is.EqualTo("fallback"), domain);
            Assert.That((await client.GetBooleanDetailsAsync("f", true)).Value, Is.True, domain);
        }

        var hooked = api.GetClient();
        Assert.That(await hooked.GetBooleanValueAsync("f", true, null, new FlagEvaluationOptions(failingHook)), Is.True);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_10_CancelledEvaluationReturnsTheDefault()
    {
        var gate = new Gate();
        var provider = new CancellableProvider(gate);
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(provider);
        using var cancellation = new CancellationTokenSource();
        var client = api.GetClient();

        var evaluation = client.GetBooleanDetailsAsync("slow", true, null, null, cancellation.Token);
        await gate.Entered;
        cancellation.Cancel();
        var details = await evaluation;
        using var alreadyCancelled = new CancellationTokenSource();
        alreadyCancelled.Cancel();
        var value = await client.GetStringValueAsync("slow", "dflt", null, null, alreadyCancelled.Token);

        Assert.That(details.Value, Is.True);
        Assert.That(details.ErrorType, Is.Not.EqualTo(ErrorType.None));
        Assert.That(details.Reason, Is.EqualTo(Reason.Error));
        Assert.That(value, Is.EqualTo("dflt"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_10_EvaluationNeverThrowsWhileProvidersAreReplaced()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider("initial").WithFlag("flag", true));
        var client = api.GetClient();
        using var stop = new CancellationTokenSource();

        var replacing = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var delay = i % 2 == 0;
                await api.SetProviderAsync(new TestProvider($"p{i}") { OnInitialize = (_, _) => delay ? Task.Delay(1) : Task.CompletedTask }.WithFlag("flag", true));
            }
        });
        var evaluations = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var answers = new List<FlagEvaluationDetails<bool>>();
            for (var i = 0; i < 200; i++)
            {
                answers.Add(await client.GetBooleanDetailsAsync("flag", false));
            }

            return answers;
        })).ToArray();

        var all = (await Task.WhenAll(evaluations)).SelectMany(a => a).ToList();
        stop.Cancel();
        await replacing;

        Assert.That(all, Has.Count.EqualTo(800));
        Assert.That(all.Where(d => d.ErrorType == ErrorType.None), Has.All.Matches<FlagEvaluationDetails<bool>>(d => d.Value));
        Assert.That(all.Where(d => d.ErrorType != ErrorType.None), Has.All.Matches<FlagEvaluationDetails<bool>>(d => !d.Value && d.ErrorType == ErrorType.ProviderNotReady));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_11_EvaluationDoesNotWriteLogMessages()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider().WithFlag("known", true));
        var logger = new RecordingLogger();
        var client = api.GetClient("logged", null, logger);

        await client.GetBooleanValueAsync("known", false);
        await client.GetBooleanValueAsync("missing", false);
        await client.GetStringValueAsync("known", "type mismatch");

        Assert.That(logger.Entries.Where(e => e.Level >= LogLevel.Information), Is.Empty);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_12_EvaluationIsAsynchronous()
    {
        var gate = new Gate();
        var (api, client, _) = await ReadyAsync(new TestProvider { OnResolve = () => gate.WaitAsync() }.WithFlag("slow", true));

        var evaluation = client.GetBooleanValueAsync("slow", false);
        await gate.Entered;
        Assert.That(evaluation.IsCompleted, Is.False, "the caller's thread is not blocked while the provider works");

        gate.Open();
        Assert.That(await evaluation, Is.True);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_13_AbnormalExecutionCarriesAnErrorMessage()
    {
        var (api, client, _) = await ReadyAsync(new TestProvider { OnResolve = () => throw new FlagNotFoundException("no flag called 'x'") });

        var details = await client.GetBooleanDetailsAsync("x", false);

        Assert.That(details.ErrorMessage, Does.Contain("no flag called 'x'"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_1_4_14_FlagMetadataIsPassedThroughOrEmpty()
    {
        var metadata = new ImmutableMetadata(new Dictionary<string, object> { ["owner"] = "team-a", ["version"] = 3 });
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("with", true, metadata: metadata).WithFlag("without", true));

        var with = await client.GetBooleanDetailsAsync("with", false);
        var without = await client.GetBooleanDetailsAsync("without", false);
        var failed = await client.GetBooleanDetailsAsync("missing", false);

        Assert.That(with.FlagMetadata?.GetString("owner"), Is.EqualTo("team-a"));
        Assert.That(with.FlagMetadata?.GetInt("version"), Is.EqualTo(3));
        Assert.That(without.FlagMetadata, Is.Not.Null);
        Assert.That(without.FlagMetadata!.Count, Is.Zero);
        Assert.That(failed.FlagMetadata, Is.Not.Null);
        Assert.That(failed.FlagMetadata!.Count, Is.Zero);
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_1_4_15_1_FlagMetadataIsImmutable()
    {
        var source = new Dictionary<string, object> { ["owner"] = "team-a" };
        var metadata = new ImmutableMetadata(source);

        source["owner"] = "team-b";
        source["added"] = true;

        Assert.That(metadata.GetString("owner"), Is.EqualTo("team-a"));
        Assert.That(metadata.GetBool("added"), Is.Null);
        Assert.That(typeof(ImmutableMetadata).GetProperties().Where(p => p.SetMethod?.IsPublic == true), Is.Empty);
        Assert.That(typeof(ImmutableMetadata).GetMethods().Select(m => m.Name), Has.None.StartsWith("Set").And.None.StartsWith("Add").And.None.StartsWith("Remove"));
    }

    [Test]
    public async Task Requirement_1_5_1_InvocationHooksRunInAdditionToConfiguredHooks()
    {
        var log = new ConcurrentQueue<string>();
        var (api, client, _) = await ReadyAsync(new TestProvider().WithFlag("flag", true));
        api.AddHooks(new RecordingHook("api", log));
        client.AddHooks(new RecordingHook("client", log));
        var options = new FlagEvaluationOptions(ImmutableListOf(new RecordingHook("first", log), new RecordingHook("second", log)));

        await client.GetBooleanValueAsync("flag", false, null, options);

        Assert.That(log.Where(e => e.EndsWith(".before")), Is.EqualTo(new[] { "api.before", "client.before", "first.before", "second.before" }));
        await api.ShutdownAsync();
    }

    private static System.Collections.Immutable.IImmutableList<Hook> ImmutableListOf(params Hook[] hooks) => System.Collections.Immutable.ImmutableList.Create(hooks);

    /// <summary>Waits on a gate, honouring the caller's cancellation token.</summary>
    private sealed class CancellableProvider : TestProvider
    {
        private readonly Gate _gate;

        public CancellableProvider(Gate gate) => _gate = gate;

        public override async Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        {
            await _gate.WaitAsync(cancellationToken);
            return new ResolutionDetails<bool>(flagKey, false);
        }

        public override async Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
        {
            await _gate.WaitAsync(cancellationToken);
            return new ResolutionDetails<string>(flagKey, "resolved");
        }
    }

    /// <summary>Signals an error through the resolution's error code instead of throwing.</summary>
    private sealed class ErrorReturningProvider : TestProvider
    {
        public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
            => Task.FromResult(new ResolutionDetails<string>(flagKey, defaultValue, ErrorType.InvalidContext, Reason.Error, null, "targeting key required"));
    }

    /// <summary>Throws before returning a task at all, as a careless provider might.</summary>
    private sealed class SynchronouslyThrowingProvider : TestProvider
    {
        public override Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("sync");

        public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("sync");

        public override Task<ResolutionDetails<int>> ResolveIntegerValueAsync(string flagKey, int defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("sync");

        public override Task<ResolutionDetails<double>> ResolveDoubleValueAsync(string flagKey, double defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
            => throw new NullReferenceException("sync");

        public override Task<ResolutionDetails<Value>> ResolveStructureValueAsync(string flagKey, Value defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("sync");
    }
}
