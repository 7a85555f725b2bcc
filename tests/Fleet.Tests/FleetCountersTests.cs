using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>The counters a fleet shares (the in-process guard's request counts) in a real Redis.</summary>
public sealed class FleetCountersTests : RedisFleetTest
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Test]
    public async Task Sums_every_instance_over_the_windows_asked_for()
    {
        var database = await ConnectAsync();
        await Counters(database, "a").SetAsync("s", 10, Counts(("r:on", 5), ("f:on", 1)), Day, default);
        await Counters(database, "b").SetAsync("s", 10, Counts(("r:on", 7)), Day, default);
        await Counters(database, "b").SetAsync("s", 11, Counts(("r:on", 2), ("r:off", 3)), Day, default);
        await Counters(database, "c").SetAsync("s", 12, Counts(("r:on", 100)), Day, default);

        var sums = await Counters(database, "a").SumAsync("s", 10, 11, default);

        Assert.That(sums.Totals, Is.EquivalentTo(Counts(("r:on", 14), ("f:on", 1), ("r:off", 3))));
        Assert.That(sums.Instances, Is.EqualTo(2));
    }

    [Test]
    public async Task Setting_again_replaces_an_instances_totals_instead_of_adding_to_them()
    {
        var database = await ConnectAsync();
        var a = Counters(database, "a");
        await a.SetAsync("s", 1, Counts(("r:on", 5)), Day, default);
        await a.SetAsync("s", 1, Counts(("r:on", 5)), Day, default); // a retry
        await a.SetAsync("s", 1, Counts(("r:on", 6)), Day, default); // a later flush

        Assert.That((await a.SumAsync("s", 1, 1, default)).Totals["r:on"], Is.EqualTo(6));
    }

    [Test]
    public async Task Two_fleets_on_one_Redis_never_mix_and_every_window_expires()
    {
        var database = await ConnectAsync();
        await new RedisFleetCounters(database, "fleet-one", "a").SetAsync("s", 1, Counts(("r:on", 5)), TimeSpan.FromMinutes(5), default);
        await new RedisFleetCounters(database, "fleet-two", "a").SetAsync("s", 1, Counts(("r:on", 9)), TimeSpan.FromMinutes(5), default);

        Assert.That((await new RedisFleetCounters(database, "fleet-one", "b").SumAsync("s", 0, 5, default)).Totals["r:on"], Is.EqualTo(5));
        Assert.That((await new RedisFleetCounters(database, "fleet-two", "b").SumAsync("s", 0, 5, default)).Totals["r:on"], Is.EqualTo(9));
        var ttl = await database.KeyTimeToLiveAsync("ofac:{fleet-one}:counts:s:1");
        Assert.That(ttl, Is.Not.Null.And.LessThanOrEqualTo(TimeSpan.FromMinutes(5)).And.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task A_field_that_is_not_counts_is_ignored()
    {
        var database = await ConnectAsync();
        var key = $"ofac:{{{FleetName}}}:counts:s:1";
        await database.HashSetAsync(key, [new HashEntry("intruder", "not json"), new HashEntry("other", "{\"r:on\":\"x\"}"), new HashEntry("neg", "{\"r:on\":-50}")]);
        await Counters(database, "a").SetAsync("s", 1, Counts(("r:on", 4)), Day, default);

        var sums = await Counters(database, "a").SumAsync("s", 1, 1, default);

        Assert.That(sums.Totals["r:on"], Is.EqualTo(4));
    }

    private RedisFleetCounters Counters(IDatabase database, string instance) => new(database, FleetName, instance);

    private static Dictionary<string, long> Counts(params (string Name, long Count)[] counts) => counts.ToDictionary(c => c.Name, c => c.Count);
}
