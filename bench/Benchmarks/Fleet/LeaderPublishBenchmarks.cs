using BenchmarkDotNet.Attributes;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Benchmarks.AppConfiguration;

namespace OpenFeatureAppConfig.Benchmarks.Fleet;

/// <summary>
/// The leader's in-process work to publish one toggle, once its refresh read the changed page: the store snapshot
/// turned into the fleet's form, the delta against the version in the fleet, and the two payloads written (the full
/// snapshot Redis keeps for late joiners, and the announcement). Redis itself is not measured. The default selection:
/// every key, flags routed out of the key-value pages, 100 settings a page. <c>Whole</c> (the baseline) makes the
/// union whole and merges it with the version before to find the delta, as every publication did before;
/// <c>ByChangedPages</c> is the leader's path (<see cref="FleetPublication"/>).
/// </summary>
[MemoryDiagnoser]
public class LeaderPublishBenchmarks
{
    private const int PageSize = 100;
    private List<CollectionSnapshot.CachedPage> _pages = null!;
    private KeyValueSnapshot _inFleet = null!;
    private FleetPublication _publication = null!;
    private int _toggled;
    private bool _enabled;
    private long _version;

    /// <summary>Number of flags in the store.</summary>
    [Params(100, 10_000)]
    public int Flags { get; set; }

    /// <summary>The store's pages, and the version the fleet holds.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _pages = [];
        for (var first = 0; first < Flags; first += PageSize)
        {
            var settings = Enumerable.Range(first, Math.Min(PageSize, Flags - first))
                .Select(i => BenchmarkStore.FlagSetting(BenchmarkStore.FlagId(i), i % 2 == 0))
                .ToList();
            _pages.Add(new CollectionSnapshot.CachedPage(first == 0 ? null : "page" + first, new Azure.ETag("e" + first), settings, null));
        }

        _toggled = Flags / 2;
        _enabled = _toggled % 2 == 0;
        _version = 1;
        _publication = new FleetPublication();
        _inFleet = _publication.Next(Snapshot());
    }

    /// <summary>One page comes back changed (one flag toggled); the union is made whole.</summary>
    [Benchmark(Baseline = true)]
    public int Whole() => Publish(SnapshotMapper.ToFleet);

    /// <summary>One page comes back changed (one flag toggled); the union is made from the one before by that page.</summary>
    [Benchmark]
    public int ByChangedPages() => Publish(_publication.Next);

    private int Publish(Func<StoreSnapshot, KeyValueSnapshot> toFleet)
    {
        _enabled = !_enabled;
        var page = _pages[_toggled / PageSize];
        var settings = page.Settings.ToList();
        settings[_toggled % PageSize] = BenchmarkStore.FlagSetting(BenchmarkStore.FlagId(_toggled), _enabled);
        _pages[_toggled / PageSize] = page with { Settings = settings, ETag = new Azure.ETag("e" + _version) };
        _version++;

        var next = toFleet(Snapshot());
        var full = SnapshotJson.Write(next);
        var announcement = SnapshotJson.Write(new SnapshotAnnouncement(_inFleet.Version, next.Version, next.Hash, SnapshotDelta.Between(_inFleet, next)));
        _inFleet = next;
        return full.Length + announcement.Length;
    }

    private StoreSnapshot Snapshot() =>
        new([new CollectionSnapshot(new KeyValueSelector(SettingSelector.Any, SettingSelector.NoLabel), [.. _pages])], [], [], FlagsFromKeyValues: true, _version);
}
