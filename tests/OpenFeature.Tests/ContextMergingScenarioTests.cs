using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>
/// The scenarios of the specification's Gherkin suite for context merging (appendix B, contextMerging.feature),
/// with every level this SDK has: API, transaction, client, invocation and before hooks.
/// </summary>
public class ContextMergingScenarioTests
{
    private static readonly string[] Levels = { "API", "Transaction", "Client", "Invocation", "Before Hooks" };

    [TestCaseSource(nameof(Levels))]
    public async Task AppendixB_EntryAddedToASingleLevelReachesTheProvider(string level)
    {
        await using var scenario = await MergeScenario.StartAsync();
        scenario.Add(level, "key", "value");

        var merged = await scenario.EvaluateAsync();

        Assert.That(merged.GetValue("key")?.AsString, Is.EqualTo("value"));
    }

    [Test]
    public async Task AppendixB_EntriesWithDifferentKeysOnEveryLevelAllReachTheProvider()
    {
        await using var scenario = await MergeScenario.StartAsync();
        foreach (var level in Levels)
        {
            scenario.Add(level, level, $"{level} value");
        }

        var merged = await scenario.EvaluateAsync();

        Assert.That(Levels.Select(level => merged.GetValue(level)?.AsString), Is.EqualTo(Levels.Select(level => $"{level} value")));
    }

    [TestCaseSource(nameof(Levels))]
    public async Task AppendixB_EntryOnALevelOverwritesTheSameKeyFromPrecedingLevels(string level)
    {
        await using var scenario = await MergeScenario.StartAsync();
        foreach (var preceding in Levels.TakeWhile(l => l != level).Append(level))
        {
            scenario.Add(preceding, "key", preceding);
        }

        var merged = await scenario.EvaluateAsync();

        Assert.That(merged.GetValue("key")?.AsString, Is.EqualTo(level));
    }

    /// <summary>One API with a provider that keeps the context it is given, and a context builder per level.</summary>
    private sealed class MergeScenario : IAsyncDisposable
    {
        private readonly Dictionary<string, EvaluationContextBuilder> _levels = Levels.ToDictionary(l => l, _ => EvaluationContext.Builder());
        private readonly Api _api;
        private readonly TestProvider _provider;

        private MergeScenario(Api api, TestProvider provider)
        {
            _api = api;
            _provider = provider;
        }

        public static async Task<MergeScenario> StartAsync()
        {
            var api = OpenFeatureFactory.CreateIsolated();
            var provider = new TestProvider().WithFlag("some-flag", true);
            await api.SetProviderAsync(provider);
            api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
            return new MergeScenario(api, provider);
        }

        public void Add(string level, string key, string value) => _levels[level].Set(key, value);

        public async Task<EvaluationContext> EvaluateAsync()
        {
            _api.SetContext(_levels["API"].Build());
            _api.SetTransactionContext(_levels["Transaction"].Build());
            var client = _api.GetClient("merging");
            client.SetContext(_levels["Client"].Build());
            var hook = new RecordingHook("before-hooks", new System.Collections.Concurrent.ConcurrentQueue<string>())
            {
                BeforeResult = _levels["Before Hooks"].Build(),
            };

            await client.GetBooleanValueAsync("some-flag", false, _levels["Invocation"].Build(), new FlagEvaluationOptions(hook));

            Assert.That(_provider.ResolvedContexts.TryDequeue(out var merged), Is.True, "the provider was not asked");
            return merged!;
        }

        public ValueTask DisposeAsync() => new(_api.ShutdownAsync());
    }
}
