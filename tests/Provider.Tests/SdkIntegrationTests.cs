using OpenFeature.Constant;
using OpenFeature.Isolated;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class SdkIntegrationTests
{
    [Test]
    public async Task Through_the_OpenFeature_client_details_carry_reason_variant_and_metadata()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = Flags.Provider("""
            {"id":"Color","description":"Button color","enabled":true,
             "variants":[{"name":"Red","configuration_value":"red"},{"name":"Blue","configuration_value":"blue"}],
             "allocation":{"default_when_enabled":"Red","user":[{"variant":"Blue","users":["alice"]}]}}
            """, """
            {"id":"Beta","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":["alice"]}}}]}}
            """);
        await api.SetProviderAsync(provider);
        var client = api.GetClient();

        var color = await client.GetStringDetailsAsync("Color", "none", EvaluationContext.Builder().SetTargetingKey("alice").Build());
        var beta = await client.GetBooleanDetailsAsync("Beta", false, EvaluationContext.Builder().SetTargetingKey("alice").Build());
        var missing = await client.GetIntegerDetailsAsync("Missing", 4);

        Assert.Multiple(() =>
        {
            Assert.That(client.ProviderStatus, Is.EqualTo(ProviderStatus.Ready));
            Assert.That((color.Value, color.Variant, color.Reason), Is.EqualTo(("blue", "Blue", Reason.TargetingMatch)));
            Assert.That(color.FlagMetadata!.GetString(FlagMetadataKeys.Description), Is.EqualTo("Button color"));
            Assert.That((beta.Value, beta.Reason), Is.EqualTo((true, Reason.TargetingMatch)));
            Assert.That((missing.Value, missing.ErrorType), Is.EqualTo((4, ErrorType.FlagNotFound)));
        });
        await api.ShutdownAsync();
    }
}
