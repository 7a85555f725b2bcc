using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature.Model;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Internal;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Benchmarks.AppConfiguration;

/// <summary>
/// What one toggle costs an application instance once the new snapshot has arrived (from its own poll or from the
/// fleet): the snapshot is handed to the configuration provider (data built and swapped in), the reload token fires
/// (the OpenFeature provider's and Microsoft.FeatureManagement's change tracking run), and then the toggled flag is
/// evaluated once through the OpenFeature provider and once through <see cref="IVariantFeatureManager"/> (as
/// <c>[FeatureGate]</c> does). The snapshot differs from the one in force in one page of 100 flags, made of new
/// setting objects, as a 200 answer to that page's conditional request gives. No network: the store is read only
/// at setup. <see cref="Reader"/> says how the OpenFeature provider reads a reload: every flag key, only the flag
/// sections the store's change feed reports (as <c>AddFeatureManagementProvider()</c> sets it up), or not at all (no
/// provider attached: the rest of the cost, so the provider's part is the difference).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class ReloadCostBenchmarks
{
    private const int PageSize = 100;
    private static readonly EvaluationContext Context = EvaluationContext.Builder().SetTargetingKey("alice").Build();
    private static readonly TargetingContext Targeting = new() { UserId = "alice" };

    private AppConfigurationEmulator _emulator = null!;
    private IConfigurationRoot _root = null!;
    private ISnapshotTarget _target = null!;
    private FeatureManagementProvider? _provider;
    private ServiceProvider _services = null!;
    private IVariantFeatureManager _featureManager = null!;
    private List<CollectionSnapshot.CachedPage> _pages = null!;
    private int _toggled;
    private string _flagId = null!;
    private int _togglePage;
    private bool _enabled;

    /// <summary>How the OpenFeature provider reads a reload.</summary>
    public enum ReloadReader
    {
        /// <summary>No OpenFeature provider attached.</summary>
        None,

        /// <summary>Every flag key, compared with the keys read last.</summary>
        AllKeys,

        /// <summary>The sections the store's change feed reports.</summary>
        ChangeFeed,
    }

    /// <summary>Number of flags in the store.</summary>
    [Params(100, 10_000)]
    public int Flags { get; set; }

    /// <summary>How the OpenFeature provider reads a reload.</summary>
    [Params(ReloadReader.None, ReloadReader.AllKeys, ReloadReader.ChangeFeed)]
    public ReloadReader Reader { get; set; }

    /// <summary>Loads the store into a configuration root, and attaches both flag consumers to it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _emulator = BenchmarkStore.StartWithFlagsAsync(Flags).GetAwaiter().GetResult();
        _root = BenchmarkStore.Build(_emulator.ConnectionString);
        _target = _root.Providers.OfType<ISnapshotTarget>().Single();

        _pages = [];
        for (var first = 0; first < Flags; first += PageSize)
        {
            _pages.Add(Page(first, toggled: -1, enabled: false));
        }

        // The flag in the middle of the store, on/off: with the targeting filter its value is "alice is targeted".
        var toggled = _toggled = Flags / 2;
        _flagId = BenchmarkStore.FlagId(toggled);
        _togglePage = toggled / PageSize;
        _enabled = toggled % 2 == 0;
        Swap();

        if (Reader != ReloadReader.None)
        {
            var options = new FeatureManagementProviderOptions { ChangeFeed = Reader == ReloadReader.ChangeFeed ? AppConfigurationChangeFeed.Find(_root) : null };
            _provider = new FeatureManagementProvider(_root, options);
            _provider.InitializeAsync(EvaluationContext.Empty).GetAwaiter().GetResult();
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(_root);
        services.AddFeatureManagement();
        _services = services.BuildServiceProvider();
        _featureManager = _services.GetRequiredService<IVariantFeatureManager>();
        Check(Evaluate().GetAwaiter().GetResult());
    }

    /// <summary>Stops the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.ShutdownAsync().GetAwaiter().GetResult();
        _services.Dispose();
        (_root as IDisposable)?.Dispose();
        _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A snapshot with the flag toggled is swapped in; the reload callbacks run.</summary>
    [Benchmark]
    public void Toggle()
    {
        _enabled = !_enabled;
        Swap();
    }

    /// <summary>As <see cref="Toggle"/>, then the toggled flag is evaluated through both APIs.</summary>
    [Benchmark]
    public async Task ToggleAndEvaluate()
    {
        _enabled = !_enabled;
        Swap();
        Check(await Evaluate());
    }

    /// <summary>
    /// As <see cref="Toggle"/>, but only the toggled flag's setting is a new object and every other keeps its
    /// identity, as a fleet delta gives (<c>SnapshotMapper</c> updates each collection by the change).
    /// </summary>
    [Benchmark]
    public void ToggleOneSetting()
    {
        _enabled = !_enabled;
        var page = _pages[_togglePage];
        var settings = page.Settings.ToList();
        settings[_toggled - (_togglePage * PageSize)] = BenchmarkStore.FlagSetting(_flagId, _enabled);
        _pages[_togglePage] = page with { Settings = settings };
        SwapPages();
    }

    private void Swap()
    {
        _pages[_togglePage] = Page(_togglePage * PageSize, Flags / 2, _enabled);
        SwapPages();
    }

    private void SwapPages()
    {
        var snapshot = new StoreSnapshot([], [new CollectionSnapshot(new KeyValueSelector(".appconfig.featureflag/*", "\0"), [.. _pages])], []);
        var changed = _target.Swap(snapshot, rebuild: true);
        _target.Swapped(changed, replacedLastKnownGood: false, DateTimeOffset.UtcNow);
    }

    private async Task<(bool Provider, bool FeatureManager)> Evaluate()
    {
        var enabled = await _featureManager.IsEnabledAsync(_flagId, Targeting);
        var resolution = _provider is null ? enabled : (await _provider.ResolveBooleanValueAsync(_flagId, defaultValue: false, Context)).Value;
        return (resolution, enabled);
    }

    private void Check((bool Provider, bool FeatureManager) values)
    {
        if (values.Provider != _enabled || values.FeatureManager != _enabled)
        {
            throw new InvalidOperationException($"{_flagId} should be {_enabled}: provider {values.Provider}, feature manager {values.FeatureManager}.");
        }
    }

    private CollectionSnapshot.CachedPage Page(int first, int toggled, bool enabled)
    {
        var settings = new List<ConfigurationSetting>(PageSize);
        for (var i = first; i < Math.Min(first + PageSize, Flags); i++)
        {
            settings.Add(BenchmarkStore.FlagSetting(BenchmarkStore.FlagId(i), i == toggled ? enabled : i % 2 == 0));
        }

        return new CollectionSnapshot.CachedPage(first == 0 ? null : "page" + first, new Azure.ETag("\"" + Guid.NewGuid() + "\""), settings, null);
    }
}
