using OpenFeature.Constant;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec appendix A (included utilities): the in-memory provider, used through the SDK.</summary>
public class InMemoryProviderTests
{
    private static async Task<(Api Api, FeatureClient Client)> ReadyAsync(InMemoryProvider provider)
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(provider);
        return (api, api.GetClient());
    }

    [Test]
    public async Task AppendixA_ContextEvaluatorPicksTheVariant()
    {
        var provider = new InMemoryProvider(new Dictionary<string, Flag>
        {
            ["tier"] = new Flag<string>(
                new Dictionary<string, string> { ["gold"] = "G", ["basic"] = "B" },
                "basic",
                context => context.TargetingKey == "vip" ? "gold" : "basic"),
        });
        var (api, client) = await ReadyAsync(provider);

        var vip = await client.GetStringDetailsAsync("tier", "none", EvaluationContext.Builder().SetTargetingKey("vip").Build());
        var other = await client.GetStringDetailsAsync("tier", "none", EvaluationContext.Builder().SetTargetingKey("someone").Build());

        Assert.That((vip.Value, vip.Variant, vip.Reason), Is.EqualTo(("G", "gold", Reason.TargetingMatch)));
        Assert.That((other.Value, other.Variant), Is.EqualTo(("B", "basic")));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task AppendixA_DisabledFlagAnswersWithTheDefault()
    {
        var provider = new InMemoryProvider(new Dictionary<string, Flag>
        {
            ["off"] = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true }, "on", null, null, true),
        });
        var (api, client) = await ReadyAsync(provider);

        var details = await client.GetBooleanDetailsAsync("off", false);

        Assert.That(details.Value, Is.False);
        Assert.That(details.Reason, Is.EqualTo(Reason.Disabled));
        Assert.That(details.ErrorType, Is.EqualTo(ErrorType.None));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task AppendixA_MissingFlagIsFlagNotFound()
    {
        var (api, client) = await ReadyAsync(new InMemoryProvider());

        var details = await client.GetIntegerDetailsAsync("nope", 7);

        Assert.That((details.Value, details.ErrorType, details.Reason), Is.EqualTo((7, ErrorType.FlagNotFound, Reason.Error)));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task AppendixA_UpdatingFlagsReportsOldAndNewKeysAndServesTheNewSet()
    {
        var provider = new InMemoryProvider(new Dictionary<string, Flag>
        {
            ["old"] = new Flag<string>(new Dictionary<string, string> { ["v"] = "old-value" }, "v"),
        });
        var (api, client) = await ReadyAsync(provider);
        var changed = new EventProbe();
        api.AddHandler(ProviderEventTypes.ProviderConfigurationChanged, changed.Handler);

        await provider.UpdateFlagsAsync(new Dictionary<string, Flag>
        {
            ["new"] = new Flag<string>(new Dictionary<string, string> { ["v"] = "new-value" }, "v"),
        });

        var payload = (await changed.WaitForAsync(1))[0];
        Assert.That(payload?.FlagsChanged, Is.SupersetOf(new[] { "old", "new" }));
        Assert.That(await client.GetStringValueAsync("new", "none"), Is.EqualTo("new-value"));
        Assert.That((await client.GetStringDetailsAsync("old", "none")).ErrorType, Is.EqualTo(ErrorType.FlagNotFound));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task AppendixA_FlagMetadataAndStructuredValuesAreServed()
    {
        var metadata = new ImmutableMetadata(new Dictionary<string, object> { ["owner"] = "checkout-team" });
        var layout = new Value(Structure.Builder().Set("columns", 3).Set("theme", "dark").Build());
        var provider = new InMemoryProvider(new Dictionary<string, Flag>
        {
            ["layout"] = new Flag<Value>(new Dictionary<string, Value> { ["grid"] = layout }, "grid", null, metadata),
        });
        var (api, client) = await ReadyAsync(provider);

        var details = await client.GetObjectDetailsAsync("layout", new Value());

        Assert.That(details.Value.AsStructure?.GetValue("columns").AsInteger, Is.EqualTo(3));
        Assert.That(details.FlagMetadata?.GetString("owner"), Is.EqualTo("checkout-team"));
        await api.ShutdownAsync();
    }
}
