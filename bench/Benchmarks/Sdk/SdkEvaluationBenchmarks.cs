using BenchmarkDotNet.Attributes;
using OpenFeature;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;

namespace OpenFeatureAppConfig.Benchmarks.Sdk;

/// <summary>
/// Flag evaluation through the OpenFeature SDK against a READY <see cref="InMemoryProvider"/>: the cost of the SDK
/// itself (context merging, hooks, details), with no context, a 3-attribute invocation context, or one no-op hook.
/// </summary>
[MemoryDiagnoser]
public class SdkEvaluationBenchmarks
{
    private static readonly Value DefaultObject = new(Structure.Builder().Set("color", "none").Build());

    private Api _api = null!;
    private FeatureClient _client = null!;
    private EvaluationContext? _context;

    /// <summary>What surrounds the evaluation.</summary>
    public enum Setup
    {
        /// <summary>No evaluation context and no hooks.</summary>
        NoContext,

        /// <summary>A 3-attribute invocation context.</summary>
        InvocationContext,

        /// <summary>One client hook that overrides no stage (the SDK sees it does nothing and skips it).</summary>
        NoOpHook,

        /// <summary>One client hook that overrides all four stages with empty bodies (every stage is called).</summary>
        EmptyStagesHook,
    }

    /// <summary>The scenario.</summary>
    [ParamsAllValues]
    public Setup Scenario { get; set; }

    /// <summary>Binds a READY in-memory provider with one flag of each type to an isolated API.</summary>
    [GlobalSetup]
    public void SetUp()
    {
        _api = OpenFeatureFactory.CreateIsolated();
        var provider = new InMemoryProvider(new Dictionary<string, Flag>
        {
            ["new-checkout"] = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true, ["off"] = false }, "on"),
            ["banner-text"] = new Flag<string>(new Dictionary<string, string> { ["a"] = "Welcome", ["b"] = "Hello" }, "a"),
            ["theme"] = new Flag<Value>(new Dictionary<string, Value>
            {
                ["dark"] = new(Structure.Builder().Set("color", "black").Set("contrast", 7).Build()),
            }, "dark"),
        });
        _api.SetProviderAsync(provider).GetAwaiter().GetResult();
        _client = _api.GetClient("benchmarks");
        _context = Scenario == Setup.InvocationContext
            ? EvaluationContext.Builder().SetTargetingKey("user-1234").Set("country", "NL").Set("plan", "premium").Build()
            : null;
        if (Scenario == Setup.NoOpHook)
        {
            _client.AddHooks(new NoOpHook());
        }
        else if (Scenario == Setup.EmptyStagesHook)
        {
            _client.AddHooks(new EmptyStagesHook());
        }
    }

    /// <summary>Shuts the provider down.</summary>
    [GlobalCleanup]
    public void CleanUp() => _api.ShutdownAsync().GetAwaiter().GetResult();

    /// <summary>A boolean value.</summary>
    [Benchmark(Baseline = true)]
    public Task<bool> GetBooleanValueAsync() => _client.GetBooleanValueAsync("new-checkout", false, _context);

    /// <summary>A boolean value with details.</summary>
    [Benchmark]
    public Task<FlagEvaluationDetails<bool>> GetBooleanDetailsAsync() => _client.GetBooleanDetailsAsync("new-checkout", false, _context);

    /// <summary>A string value.</summary>
    [Benchmark]
    public Task<string> GetStringValueAsync() => _client.GetStringValueAsync("banner-text", "none", _context);

    /// <summary>A string value with details.</summary>
    [Benchmark]
    public Task<FlagEvaluationDetails<string>> GetStringDetailsAsync() => _client.GetStringDetailsAsync("banner-text", "none", _context);

    /// <summary>An object value.</summary>
    [Benchmark]
    public Task<Value> GetObjectValueAsync() => _client.GetObjectValueAsync("theme", DefaultObject, _context);

    /// <summary>An object value with details.</summary>
    [Benchmark]
    public Task<FlagEvaluationDetails<Value>> GetObjectDetailsAsync() => _client.GetObjectDetailsAsync("theme", DefaultObject, _context);

    /// <summary>A hook that overrides nothing.</summary>
    private sealed class NoOpHook : Hook
    {
    }

    /// <summary>A hook whose four stages are overridden and do nothing.</summary>
    private sealed class EmptyStagesHook : Hook
    {
        public override ValueTask<EvaluationContext> BeforeAsync<T>(HookContext<T> context,
            IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) =>
            new(EvaluationContext.Empty);

        public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details,
            IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) => default;

        public override ValueTask ErrorAsync<T>(HookContext<T> context, Exception error,
            IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) => default;

        public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
            IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default) => default;
    }
}
