using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Internal;
using OpenFeatureAppConfig.Hosting.Tests.Support;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>An application gets the store's change feed into its OpenFeature provider without code of its own.</summary>
public sealed class ChangeFeedTests
{
    [Test]
    public async Task The_provider_follows_the_stores_change_feed_and_a_toggle_is_reported_as_one_section()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Alpha", false));
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", false));

        using var host = await WorkerHost.StartAsync(emulator.ConnectionString);
        try
        {
            var client = host.Services.GetRequiredService<IFeatureClient>();
            Assert.That(await client.GetBooleanValueAsync("Beta", true), Is.False);
            var feed = host.Services.GetRequiredService<IOptions<FeatureManagementProviderOptions>>().Value.ChangeFeed;
            var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
            Assert.That(feed, Is.InstanceOf<AppConfigurationChangeFeed>());
            Assert.That(root.Providers, Does.Contain(feed!.Provider));
            var before = feed.Revision;

            await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
            Assert.That(await Eventually.TrueAsync(() => client.GetBooleanValueAsync("Beta", false)), Is.True);

            var provider = (FeatureManagementProvider)host.Services.GetRequiredService<Api>().GetProvider();
            Assert.That(provider.SectionReads, Is.GreaterThan(0), "the toggle was read from its section alone");
            Assert.That(feed.TryGetChangedSections(before, out _, out var sections), Is.True);
            Assert.That(sections, Has.Count.EqualTo(1));
            Assert.That(feed.ReadSection(sections![0]), Does.Contain(new KeyValuePair<string, string?>(sections[0] + ":id", "Beta")));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
