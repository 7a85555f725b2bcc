using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

/// <summary>A configuration built from one App Configuration source, with a fake clock, captured logs and a reload counter.</summary>
internal sealed class SourceHarness
{
    private int _reloads;

    private SourceHarness(IConfigurationRoot root, IConfigurationRefresher refresher, FakeTimeProvider clock, CapturingLogger logger)
    {
        Root = root;
        Refresher = refresher;
        Clock = clock;
        Logger = logger;
        ChangeToken.OnChange(root.GetReloadToken, () => Interlocked.Increment(ref _reloads));
    }

    public IConfigurationRoot Root { get; }

    public IConfigurationRefresher Refresher { get; }

    public FakeTimeProvider Clock { get; }

    public CapturingLogger Logger { get; }

    public int Reloads => Volatile.Read(ref _reloads);

    /// <summary>Builds the configuration; instances that should share one clock pass the same <paramref name="clock"/>.</summary>
    public static SourceHarness Build(string connectionString, Action<AzureAppConfigurationOptions> configure, FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new CapturingLogger();
        AzureAppConfigurationOptions? captured = null;
        var root = new ConfigurationBuilder()
            .AddAzureAppConfiguration(o =>
            {
                captured = o;
                o.Connect(connectionString)
                    .ConfigureClientOptions(c => TestStore.FastRetries(c))
                    .ConfigureStartupOptions(s => s.Timeout = TimeSpan.FromSeconds(2));
                o.TimeProvider = clock;
                o.LoggerFactory = logger;
                configure(o);
            })
            .Build();
        return new SourceHarness(root, captured!.GetRefresher(), clock, logger);
    }

    /// <summary>Moves the fake clock past an interval and its jitter (at most 10 %).</summary>
    public void AdvancePast(TimeSpan interval) => Clock.Advance(interval + TimeSpan.FromTicks(interval.Ticks / 10) + TimeSpan.FromMilliseconds(1));

    /// <summary>The flags in <c>feature_management:feature_flags</c>, id to enabled.</summary>
    public Dictionary<string, string?> Flags() =>
        Root.GetSection("feature_management:feature_flags").GetChildren()
            .ToDictionary(f => f["id"]!, f => f["enabled"]);
}
