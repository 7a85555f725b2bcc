using OpenFeature.Model;
using OpenFeature.Providers.Memory;

namespace OpenFeature.UsageTests;

/// <summary>README: "Quick start" and "Providers".</summary>
public class QuickStartUsageTests : SingletonResetFixture
{
    [Test]
    public async Task QuickStart_EvaluatesABooleanFlagAgainstTheInMemoryProvider()
    {
        var flags = new Dictionary<string, Flag>
        {
            { "v2_enabled", new Flag<bool>(new Dictionary<string, bool> { { "on", true }, { "off", false } }, "on") },
        };

        // Register the provider, then create a client and evaluate.
        try
        {
            await Api.Instance.SetProviderAsync(new InMemoryProvider(flags));
        }
        catch (Exception ex)
        {
            Assert.Fail($"setting the provider failed: {ex.Message}");
        }

        FeatureClient client = Api.Instance.GetClient();
        bool v2Enabled = await client.GetBooleanValueAsync("v2_enabled", false);

        Assert.That(v2Enabled, Is.True);
    }

    [Test]
    public async Task Providers_CustomProviderIsRegisteredAndUsed()
    {
        await Api.Instance.SetProviderAsync(new ReadmeStyleProvider());

        var client = Api.Instance.GetClient();

        Assert.That(await client.GetStringValueAsync("any-flag", "fallback"), Is.EqualTo("from-my-provider"));
        Assert.That(Api.Instance.GetProviderMetadata()?.Name, Is.EqualTo("My Provider"));
    }

    [Test]
    public async Task Targeting_ContextAtApiClientAndInvocationLevels()
    {
        var provider = new ReadmeStyleProvider();
        await Api.Instance.SetProviderAsync(provider);

        // Global context.
        EvaluationContextBuilder builder = EvaluationContext.Builder();
        builder.Set("region", "us-east-1");
        EvaluationContext apiCtx = builder.Build();
        Api.Instance.SetContext(apiCtx);

        // Client context.
        builder = EvaluationContext.Builder();
        builder.Set("tier", "premium");
        EvaluationContext clientCtx = builder.Build();
        var client = Api.Instance.GetClient();
        client.SetContext(clientCtx);

        // Invocation context.
        builder = EvaluationContext.Builder();
        builder.Set("session", "s-1");
        EvaluationContext reqCtx = builder.Build();

        bool flagValue = await client.GetBooleanValueAsync("some-flag", false, reqCtx);

        Assert.That(flagValue, Is.True);
        var seen = provider.LastContext!;
        Assert.That(seen.GetValue("region").AsString, Is.EqualTo("us-east-1"));
        Assert.That(seen.GetValue("tier").AsString, Is.EqualTo("premium"));
        Assert.That(seen.GetValue("session").AsString, Is.EqualTo("s-1"));
    }

    [Test]
    public async Task Shutdown_ShutsDownTheRegisteredProvider()
    {
        var provider = new ReadmeStyleProvider();
        await Api.Instance.SetProviderAsync(provider);

        await Api.Instance.ShutdownAsync();

        Assert.That(provider.ShutDown, Is.True);
    }
}
