using System.Collections.Concurrent;
using OpenFeature.Constant;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>
/// The scenarios of the specification's Gherkin suites for hooks and flag metadata (appendix B, hooks.feature and
/// metadata.feature), run against the SDK's in-memory provider.
/// </summary>
public class HookAndMetadataScenarioTests
{
    private static readonly ImmutableMetadata SampleMetadata = new(new Dictionary<string, object>
    {
        ["string"] = "1.0.2",
        ["integer"] = 2,
        ["double"] = 0.1,
        ["boolean"] = true,
    });

    private static InMemoryProvider StableProvider() => new(new Dictionary<string, Flag>
    {
        ["boolean-flag"] = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true, ["off"] = false }, "on"),
        ["integer-flag"] = new Flag<int>(new Dictionary<string, int> { ["ten"] = 10 }, "ten"),
        ["float-flag"] = new Flag<double>(new Dictionary<string, double> { ["half"] = 0.5 }, "half"),
        ["string-flag"] = new Flag<string>(new Dictionary<string, string> { ["greeting"] = "hi" }, "greeting"),
        ["wrong-flag"] = new Flag<string>(new Dictionary<string, string> { ["text"] = "not a number" }, "text"),
        ["metadata-flag"] = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true }, "on", null, SampleMetadata),
    });

    private static async Task<(Api Api, FeatureClient Client, RecordingHook Hook, ConcurrentQueue<string> Log)> ClientWithHookAsync()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(StableProvider());
        var log = new ConcurrentQueue<string>();
        var hook = new RecordingHook("hook", log);
        var client = api.GetClient();
        client.AddHooks(hook);
        return (api, client, hook, log);
    }

    [Test]
    public async Task AppendixB_HooksReceiveTheEvaluationDetailsOfASuccessfulEvaluation()
    {
        var (api, client, hook, log) = await ClientWithHookAsync();

        await client.GetBooleanDetailsAsync("boolean-flag", false);

        Assert.That(log, Is.EqualTo(new[] { "hook.before", "hook.after", "hook.finally" }));
        foreach (var details in hook.AfterDetails.Concat(hook.FinallyDetails).Cast<FlagEvaluationDetails<bool>>())
        {
            Assert.That((details.FlagKey, details.Value, details.Variant, details.Reason, details.ErrorType), Is.EqualTo(("boolean-flag", true, "on", Reason.Static, ErrorType.None)));
        }

        await api.ShutdownAsync();
    }

    [Test]
    public async Task AppendixB_HooksSeeFlagNotFound()
    {
        var (api, client, hook, log) = await ClientWithHookAsync();

        await client.GetStringDetailsAsync("missing-flag", "uh-oh");

        Assert.That(log, Is.EqualTo(new[] { "hook.before", "hook.error", "hook.finally" }));
        var details = (FlagEvaluationDetails<string>)hook.FinallyDetails.Single();
        Assert.That((details.FlagKey, details.Value, details.Variant, details.Reason, details.ErrorType), Is.EqualTo(("missing-flag", "uh-oh", (string?)null, Reason.Error, ErrorType.FlagNotFound)));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task AppendixB_HooksSeeTypeMismatch()
    {
        var (api, client, hook, log) = await ClientWithHookAsync();

        await client.GetIntegerDetailsAsync("wrong-flag", 13);

        Assert.That(log, Is.EqualTo(new[] { "hook.before", "hook.error", "hook.finally" }));
        var details = (FlagEvaluationDetails<int>)hook.FinallyDetails.Single();
        Assert.That((details.FlagKey, details.Value, details.Variant, details.Reason, details.ErrorType), Is.EqualTo(("wrong-flag", 13, (string?)null, Reason.Error, ErrorType.TypeMismatch)));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task AppendixB_FlagMetadataIsReturned()
    {
        var (api, client, _, _) = await ClientWithHookAsync();

        var metadata = (await client.GetBooleanDetailsAsync("metadata-flag", true)).FlagMetadata!;

        Assert.That(metadata.GetString("string"), Is.EqualTo("1.0.2"));
        Assert.That(metadata.GetInt("integer"), Is.EqualTo(2));
        Assert.That(metadata.GetDouble("double"), Is.EqualTo(0.1));
        Assert.That(metadata.GetBool("boolean"), Is.True);
        await api.ShutdownAsync();
    }

    [TestCase("boolean-flag")]
    [TestCase("integer-flag")]
    [TestCase("float-flag")]
    [TestCase("string-flag")]
    public async Task AppendixB_FlagWithoutMetadataReturnsEmptyMetadata(string key)
    {
        var (api, client, _, _) = await ClientWithHookAsync();

        ImmutableMetadata? metadata = key switch
        {
            "boolean-flag" => (await client.GetBooleanDetailsAsync(key, true)).FlagMetadata,
            "integer-flag" => (await client.GetIntegerDetailsAsync(key, 23)).FlagMetadata,
            "float-flag" => (await client.GetDoubleDetailsAsync(key, 2.3)).FlagMetadata,
            _ => (await client.GetStringDetailsAsync(key, "value")).FlagMetadata,
        };

        Assert.That(metadata, Is.Not.Null);
        Assert.That(metadata!.IsEmpty, Is.True);
        await api.ShutdownAsync();
    }
}
