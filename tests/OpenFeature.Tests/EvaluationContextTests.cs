using System.Collections.Concurrent;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec section 3 (evaluation context), for the dynamic-context paradigm.</summary>
public class EvaluationContextTests
{
    [Test]
    public void Requirement_3_1_1_TargetingKeyIsAnOptionalString()
    {
        var without = EvaluationContext.Builder().Set("plan", "gold").Build();
        var with = EvaluationContext.Builder().SetTargetingKey("user-42").Build();

        Assert.That(without.TargetingKey, Is.Null);
        Assert.That(with.TargetingKey, Is.EqualTo("user-42"));
    }

    [Test]
    public void Requirement_3_1_2_CustomFieldsHoldBooleanStringNumberDatetimeAndStructure()
    {
        var moment = new DateTime(2026, 11, 26, 9, 30, 0, DateTimeKind.Utc);
        var context = EvaluationContext.Builder()
            .Set("beta", true)
            .Set("plan", "gold")
            .Set("seats", 12)
            .Set("big", 5_000_000_000L)
            .Set("ratio", 0.25)
            .Set("since", moment)
            .Set("address", Structure.Builder().Set("city", "Lyon").Build())
            .Set("tags", new Value(new List<Value> { new("a"), new("b") }))
            .Build();

        Assert.That(context.GetValue("beta").AsBoolean, Is.True);
        Assert.That(context.GetValue("plan").AsString, Is.EqualTo("gold"));
        Assert.That(context.GetValue("seats").AsInteger, Is.EqualTo(12));
        Assert.That(context.GetValue("big").AsDouble, Is.EqualTo(5_000_000_000d));
        Assert.That(context.GetValue("ratio").AsDouble, Is.EqualTo(0.25));
        Assert.That(context.GetValue("since").AsDateTime, Is.EqualTo(moment));
        Assert.That(context.GetValue("address").AsStructure?.GetValue("city").AsString, Is.EqualTo("Lyon"));
        Assert.That(context.GetValue("tags").AsList?.Select(v => v.AsString), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Requirement_3_1_3_FieldsCanBeFetchedByKeyAndAllTogether()
    {
        var context = EvaluationContext.Builder().Set("a", 1).Set("b", "two").Build();

        Assert.That(context.ContainsKey("a"), Is.True);
        Assert.That(context.TryGetValue("b", out var b), Is.True);
        Assert.That(b?.AsString, Is.EqualTo("two"));
        Assert.That(context.TryGetValue("missing", out _), Is.False);
        Assert.That(context.AsDictionary().Keys, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(context.Select(pair => pair.Key), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(context.Count, Is.EqualTo(2));
    }

    [Test]
    public void Requirement_3_1_4_FieldKeysAreUnique()
    {
        var context = EvaluationContext.Builder().Set("plan", "silver").Set("plan", "gold").Set("plan", 3).Build();

        Assert.That(context.Count, Is.EqualTo(1));
        Assert.That(context.GetValue("plan").AsInteger, Is.EqualTo(3));
    }

    [Test]
    public async Task Requirement_3_2_1_1_ApiClientAndInvocationSupplyContext()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider().WithFlag("flag", true);
        await api.SetProviderAsync(provider);
        api.SetContext(EvaluationContext.Builder().Set("from-api", true).Build());
        var client = api.GetClient("ctx", null, null, EvaluationContext.Builder().Set("from-client-creation", true).Build());
        Assert.That(client.GetContext().GetValue("from-client-creation").AsBoolean, Is.True);
        client.SetContext(EvaluationContext.Builder().Set("from-client", true).Build());

        await client.GetBooleanValueAsync("flag", false, EvaluationContext.Builder().Set("from-invocation", true).Build());

        Assert.That(api.GetContext().GetValue("from-api").AsBoolean, Is.True);
        Assert.That(client.GetContext().GetValue("from-client").AsBoolean, Is.True);
        provider.ResolvedContexts.TryDequeue(out var seen);
        Assert.That(seen!.AsDictionary().Keys, Is.SupersetOf(new[] { "from-api", "from-client", "from-invocation" }));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_3_2_3_ContextMergesApiThenTransactionThenClientThenInvocationThenBeforeHooks()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider().WithFlag("flag", true);
        await api.SetProviderAsync(provider);
        api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        api.SetContext(Context(("api", "api"), ("txn", "api"), ("client", "api"), ("invocation", "api"), ("hook", "api")));
        api.SetTransactionContext(Context(("txn", "txn"), ("client", "txn"), ("invocation", "txn"), ("hook", "txn")));
        var client = api.GetClient("merge");
        client.SetContext(Context(("client", "client"), ("invocation", "client"), ("hook", "client")));
        var hook = new RecordingHook("hook", new ConcurrentQueue<string>()) { BeforeResult = Context(("hook", "hook")) };

        await client.GetBooleanValueAsync("flag", false, Context(("invocation", "invocation"), ("hook", "invocation")), new FlagEvaluationOptions(hook));

        provider.ResolvedContexts.TryDequeue(out var merged);
        Assert.Multiple(() =>
        {
            Assert.That(merged!.GetValue("api").AsString, Is.EqualTo("api"));
            Assert.That(merged.GetValue("txn").AsString, Is.EqualTo("txn"), "transaction overrides API");
            Assert.That(merged.GetValue("client").AsString, Is.EqualTo("client"), "client overrides transaction");
            Assert.That(merged.GetValue("invocation").AsString, Is.EqualTo("invocation"), "invocation overrides client");
            Assert.That(merged.GetValue("hook").AsString, Is.EqualTo("hook"), "before hook overrides invocation");
        });
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_3_2_3_TargetingKeyFollowsTheSameMergeOrder()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider().WithFlag("flag", true);
        await api.SetProviderAsync(provider);
        api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        api.SetContext(EvaluationContext.Builder().SetTargetingKey("api-key").Build());
        api.SetTransactionContext(EvaluationContext.Builder().SetTargetingKey("txn-key").Build());
        var client = api.GetClient();

        await client.GetBooleanValueAsync("flag", false);
        client.SetContext(EvaluationContext.Builder().SetTargetingKey("client-key").Build());
        await client.GetBooleanValueAsync("flag", false);

        var seen = provider.ResolvedContexts.ToArray();
        Assert.That(seen[0]!.TargetingKey, Is.EqualTo("txn-key"));
        Assert.That(seen[1]!.TargetingKey, Is.EqualTo("client-key"));
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_3_3_1_1_ApiSetsAndReplacesTheTransactionContextPropagator()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var first = new RecordingPropagator();
        var second = new RecordingPropagator();

        api.SetTransactionContextPropagator(first);
        api.SetTransactionContextPropagator(second);
        api.SetTransactionContext(EvaluationContext.Builder().Set("user", "u-1").Build());

        Assert.That(first.Stored, Is.Null);
        Assert.That(second.Stored?.GetValue("user").AsString, Is.EqualTo("u-1"));
        Assert.That(api.GetTransactionContext().GetValue("user").AsString, Is.EqualTo("u-1"));
    }

    [Test]
    public async Task Requirement_3_3_1_2_1_ApiSetsTheTransactionContextUsedByEvaluations()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TestProvider().WithFlag("flag", true);
        await api.SetProviderAsync(provider);
        api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());

        api.SetTransactionContext(EvaluationContext.Builder().SetTargetingKey("request-user").Build());
        await api.GetClient().GetBooleanValueAsync("flag", false);

        provider.ResolvedContexts.TryDequeue(out var seen);
        Assert.That(seen!.TargetingKey, Is.EqualTo("request-user"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_3_3_1_2_1_ConcurrentTransactionsEachSeeTheirOwnContext()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new EchoTargetingKeyProvider();
        await api.SetProviderAsync(provider);
        api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        var client = api.GetClient();

        async Task<(string User, string Seen)> RequestAsync(string user)
        {
            await Task.Yield();
            api.SetTransactionContext(EvaluationContext.Builder().SetTargetingKey(user).Build());
            await Task.Delay(1);
            return (user, await client.GetStringValueAsync("whoami", "nobody"));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => RequestAsync($"user-{i}")));

        Assert.That(results.Where(r => r.User != r.Seen), Is.Empty);
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_3_3_1_2_2_PropagatorSetsTheContextOfTheCurrentTransactionOnly()
    {
        var propagator = new AsyncLocalTransactionContextPropagator();

        async Task<string?> RequestAsync(string user)
        {
            await Task.Yield();
            propagator.SetTransactionContext(EvaluationContext.Builder().SetTargetingKey(user).Build());
            await Task.Delay(20);
            return propagator.GetTransactionContext().TargetingKey;
        }

        var results = await Task.WhenAll(RequestAsync("alice"), RequestAsync("bob"));

        Assert.That(results, Is.EqualTo(new[] { "alice", "bob" }));
        Assert.That(propagator.GetTransactionContext().TargetingKey, Is.Null, "child flows do not leak into the caller");
    }

    [Test]
    public void Requirement_3_3_1_2_3_PropagatorGetsTheContextOfTheCurrentTransaction()
    {
        var propagator = new AsyncLocalTransactionContextPropagator();
        Assert.That(propagator.GetTransactionContext(), Is.Not.Null);
        Assert.That(propagator.GetTransactionContext().Count, Is.Zero);

        propagator.SetTransactionContext(EvaluationContext.Builder().Set("tenant", "t-9").Build());

        Assert.That(propagator.GetTransactionContext().GetValue("tenant").AsString, Is.EqualTo("t-9"));
    }

    private static EvaluationContext Context(params (string Key, string Value)[] fields)
    {
        var builder = EvaluationContext.Builder();
        foreach (var (key, value) in fields)
        {
            builder.Set(key, value);
        }

        return builder.Build();
    }

    /// <summary>Answers every string flag with the targeting key it was given.</summary>
    private sealed class EchoTargetingKeyProvider : TestProvider
    {
        public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default)
            => Task.FromResult(new ResolutionDetails<string>(flagKey, context?.TargetingKey ?? "none"));
    }

    private sealed class RecordingPropagator : ITransactionContextPropagator
    {
        public EvaluationContext? Stored { get; private set; }

        public EvaluationContext GetTransactionContext() => Stored ?? EvaluationContext.Empty;

        public void SetTransactionContext(EvaluationContext evaluationContext) => Stored = evaluationContext;
    }
}
