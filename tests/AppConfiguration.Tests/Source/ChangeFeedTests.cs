using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

/// <summary>The provider's change feed follows its swaps: a refreshed toggle is one section; a value set in memory is unknown.</summary>
public sealed class ChangeFeedTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private AppConfigurationEmulator _emulator = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await _emulator.SetFeatureFlagAsync(TestStore.FlagJson($"Flag{i}", false));
        }
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task A_refreshed_toggle_is_one_section_and_a_value_set_in_memory_is_unknown()
    {
        var harness = SourceHarness.Build(_emulator.ConnectionString, o => o.UseFeatureFlags(ff => ff.SetRefreshInterval(Interval)));
        var changes = harness.Root.Providers.OfType<AzureAppConfigurationProvider>().Single().Changes;
        var loaded = changes.Revision;

        await _emulator.SetFeatureFlagAsync(TestStore.FlagJson("Flag1", true));
        harness.AdvancePast(Interval);
        await harness.Refresher.RefreshAsync();

        Assert.That(changes.TryGetChangedSections(loaded, out var toggled, out var sections), Is.True);
        Assert.That(sections, Has.Count.EqualTo(1));
        Assert.That(changes.ReadSection(sections[0]), Does.Contain(new KeyValuePair<string, string?>(sections[0] + ":id", "Flag1")));

        harness.Root["feature_management:feature_flags:0:enabled"] = "true";
        Assert.That(changes.TryGetChangedSections(toggled, out _, out _), Is.False);
    }
}
