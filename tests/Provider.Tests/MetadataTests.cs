using OpenFeature.Constant;
using OpenFeature.Telemetry;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class MetadataTests
{
    [Test]
    public async Task Resolutions_carry_description_label_etag_version_and_allocation_id()
    {
        // Contrib weakness: no reason, variant or metadata at all.
        var provider = Flags.Provider("""
            {"id":"Beta","description":"The new checkout","display_name":"Beta checkout","label":"prod","enabled":true,
             "variants":[{"name":"A","configuration_value":"a"}],"allocation":{"default_when_enabled":"A"},
             "telemetry":{"enabled":false,"metadata":{"ETag":"etag-1","AllocationId":"alloc-7","FeatureFlagReference":"https://x.azconfig.io/kv/.appconfig.featureflag/Beta?label=prod"}}}
            """);

        var boolean = await provider.ResolveBooleanValueAsync("Beta", false);
        var text = await provider.ResolveStringValueAsync("Beta", "d");

        var metadata = text.FlagMetadata!;
        Assert.Multiple(() =>
        {
            Assert.That(metadata.GetString(FlagMetadataKeys.Description), Is.EqualTo("The new checkout"));
            Assert.That(metadata.GetString(FlagMetadataKeys.DisplayName), Is.EqualTo("Beta checkout"));
            Assert.That(metadata.GetString(FlagMetadataKeys.Label), Is.EqualTo("prod"));
            Assert.That(metadata.GetString(FlagMetadataKeys.ETag), Is.EqualTo("etag-1"));
            Assert.That(metadata.GetString(TelemetryFlagMetadata.Version), Is.EqualTo("etag-1"));
            Assert.That(metadata.GetString(FlagMetadataKeys.AllocationId), Is.EqualTo("alloc-7"));
            Assert.That(metadata.GetString(FlagMetadataKeys.FeatureFlagReference), Does.StartWith("https://x.azconfig.io/"));
            Assert.That(boolean.FlagMetadata!.GetString(FlagMetadataKeys.Description), Is.EqualTo("The new checkout"));
            Assert.That((text.Variant, text.Reason), Is.EqualTo(("A", Reason.Static)));
        });
    }

    [Test]
    public async Task Flags_without_metadata_return_empty_metadata()
    {
        var provider = Flags.Provider("""{"id":"Bare","enabled":true}""");

        var result = await provider.ResolveBooleanValueAsync("Bare", false);

        Assert.That(result.FlagMetadata!.Count, Is.Zero);
    }

    [Test]
    public void The_provider_names_itself()
    {
        var provider = Flags.Provider("""{"id":"Bare","enabled":true}""");

        Assert.That(provider.GetMetadata().Name, Is.EqualTo(FeatureManagementProvider.ProviderName));
    }
}
