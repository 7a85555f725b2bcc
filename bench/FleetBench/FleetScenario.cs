using System.Diagnostics;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// The runs of one size against one seeded store: the fleet at 1 s (requests, Redis commands, toggles by polling and
/// by push, leader failover, Redis killed), optionally the fleet at 5 s (requests and Redis commands only), then
/// per-instance pollers and one instance alone without fleet mode.
/// </summary>
internal sealed class FleetScenario(BenchSettings settings, Action<string> log)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FiveSeconds = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public async Task<SizeResult> RunAsync(FleetSize size, bool slowInterval, CancellationToken cancellationToken)
    {
        log($"{size}: seeding the emulator");
        await using var store = await BenchStore.StartAsync(size.Flags);
        var fleet = await RunFleetAsync(store, size, OneSecond, settings.Window, full: true, cancellationToken);
        var slow = slowInterval ? await RunFleetAsync(store, size, FiveSeconds, settings.SlowWindow, full: false, cancellationToken) : null;

        if (!settings.Pollers)
        {
            return new SizeResult(size, fleet, slow, null, 0, null);
        }

        var pollerCount = settings.PollersFor(size);
        log($"{size}: {pollerCount} per-instance pollers without fleet mode");
        var pollers = await MeasurePollersAsync(store, pollerCount, cancellationToken);
        log($"{size}: one instance alone");
        var alone = await MeasurePollersAsync(store, 1, cancellationToken);
        return new SizeResult(size, fleet, slow, pollers with { Scale = (double)size.Instances / pollerCount }, pollerCount, alone);
    }

    private async Task<FleetRun> RunFleetAsync(BenchStore store, FleetSize size, TimeSpan interval, TimeSpan window, bool full, CancellationToken cancellationToken)
    {
        var label = $"{size}, {interval.TotalSeconds:N0} s";
        await using var redis = await Fleet.Tests.RedisServer.StartAsync();
        await using var probe = await RedisProbe.ConnectAsync(redis.ConnectionString);
        using var tap = ChannelTap.Start(redis.Port, redis.Password);
        // As an app's setting would be: the password and StackExchange.Redis's default timeouts.
        var spec = new InstanceSpec(store.ConnectionString, $"127.0.0.1:{redis.Port},password={redis.Password},abortConnect=false", interval);

        log($"{label}: leader process");
        await using var leader = LeaderProcess.Start(spec);
        var (leaseKey, firstHolder) = await probe.WaitForLeaseAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await probe.WaitForSnapshotAsync(TimeSpan.FromSeconds(60), cancellationToken);

        log($"{label}: starting {size.Instances - 1} instances in this process");
        var started = Stopwatch.StartNew();
        await using var group = await InstanceGroup.StartAsync(size.Instances - 1, spec, firstIsWeb: true, cancellationToken);
        var startup = started.Elapsed;
        var followers = group.Instances.Count(i => i.Role == AppConfiguration.FleetRole.Follower);
        log($"{label}: started in {startup.TotalSeconds:N1} s; {followers} followers");
        await Task.Delay(Settle, cancellationToken);

        log($"{label}: counting for {window.TotalSeconds:N0} s");
        var callsBefore = await probe.CommandCallsAsync();
        store.ResetRequestCount();
        var measured = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        await Task.Delay(window, cancellationToken);
        var requests = store.RequestCount;
        var idleCores = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore) / measured.Elapsed;
        var idleBytesPerSecond = (GC.GetTotalAllocatedBytes() - allocatedBefore) / measured.Elapsed.TotalSeconds;
        var callsAfter = await probe.CommandCallsAsync();
        var elapsed = measured.Elapsed;
        var commands = callsAfter
            .Select(c => (Command: c.Key, Calls: c.Value - callsBefore.GetValueOrDefault(c.Key)))
            .Where(c => c.Calls > 0 && c.Command != "info")
            .OrderByDescending(c => c.Calls)
            .ToList();

        Latencies? polling = null;
        CpuCost? cpu = null;
        if (interval == OneSecond)
        {
            log($"{label}: {settings.Toggles} toggles by polling");
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            var allocatedStart = GC.GetTotalAllocatedBytes();
            var toggling = Stopwatch.StartNew();
            polling = await MeasureTogglesAsync(store, group, tap, push: false, cancellationToken);
            var toggleCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart - (toggling.Elapsed * idleCores);
            // Unlike CPU time, allocation does not depend on the machine's load: the steadier figure of the two.
            var toggleBytes = GC.GetTotalAllocatedBytes() - allocatedStart - (toggling.Elapsed.TotalSeconds * idleBytesPerSecond);
            cpu = new CpuCost(idleCores, toggleCpu / (settings.Toggles + 1) / group.Count, toggleBytes / (settings.Toggles + 1) / group.Count);
        }

        Failover? failover = null;
        RedisDown? redisDown = null;
        Latencies? push = null;
        if (full && settings.PushToggles)
        {
            log($"{label}: {settings.Toggles} toggles with a push");
            push = await MeasureTogglesAsync(store, group, tap, push: true, cancellationToken);
        }

        if (full && settings.Faults)
        {
            log($"{label}: killing the leader");
            failover = await MeasureFailoverAsync(store, group, leader, probe, leaseKey, firstHolder, cancellationToken);
            log($"{label}: killing redis-server");
            var overflowsBefore = ListenOverflows();
            // The instances' clock (TimeProvider.System) dates their UnreachableSince.
            var killedAt = DateTimeOffset.UtcNow;
            await redis.KillAsync();
            var toggle = await store.ToggleAsync(group.Watch, group.Count);
            await toggle.WaitForAllAsync(TimeSpan.FromSeconds(120), cancellationToken);
            var fellBack = group.Instances.Select(i => i.UnreachableSince - killedAt).ToList();
            redisDown = new RedisDown(
                toggle.PerInstance(), toggle.Missing, [.. fellBack.OfType<TimeSpan>()], fellBack.Count(t => t is null), ListenOverflows() - overflowsBefore);
            foreach (var missing in toggle.MissingInstances().Take(10))
            {
                var instance = group.Instances[missing];
                log($"{label}: instance {missing} did not serve the toggle after Redis died: {await instance.DiagnoseAsync()}");
            }
        }

        log($"{label}: stopping");
        return new FleetRun(
            interval,
            size.Instances,
            startup,
            new Rate(requests, elapsed),
            new Rate(commands.Sum(c => c.Calls), elapsed),
            commands,
            polling,
            push,
            failover,
            redisDown,
            cpu,
            group.Instances.Sum(i => (long)i.VersionObservations),
            group.Instances.Sum(i => (long)i.VersionRegressions));
    }

    private async Task<Latencies> MeasureTogglesAsync(BenchStore store, InstanceGroup group, ChannelTap tap, bool push, CancellationToken cancellationToken)
    {
        var samples = new List<TimeSpan>();
        var firsts = new List<TimeSpan>();
        var publications = new List<TimeSpan>();
        var breakdowns = new List<ToggleBreakdown>();
        var timedOut = 0;
        var flipBacks = 0;
        using var allocations = new AllocationSampler();
        // Toggle 0 warms the path up (JIT, first relay) and is not counted.
        for (var i = 0; i <= settings.Toggles; i++)
        {
            using var sampler = new FanoutSampler();
            if (i > 0)
            {
                allocations.Start();
            }

            var toggle = await store.ToggleAsync(group.Watch, group.Count);
            if (push)
            {
                try
                {
                    await store.PushAsync(group.EventsEndpoint ?? throw new InvalidOperationException("No web instance."), cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // Counted as measured: the toggle still reaches the instances, later, by polling.
                    log($"the push of toggle {i} was not delivered ({e.GetType().Name}: {e.Message})");
                }
            }

            var visible = await toggle.WaitForAllAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var fanout = sampler.Stop();
            allocations.Stop();
            var breakdown = ToggleBreakdown.Of(toggle, tap, fanout);
            log($"{(push ? "push" : "polled")} toggle {i}: {breakdown}");
            if (i > 0)
            {
                breakdowns.Add(breakdown);
            }

            if (i > 0 && breakdown.Announced is { } publication)
            {
                publications.Add(publication);
            }

            if (i > 0 && toggle.First is { } first)
            {
                firsts.Add(first);
            }

            if (i > 0 && visible is { } latency)
            {
                samples.Add(latency);
            }
            else if (i > 0)
            {
                timedOut++;
            }

            if (visible is null)
            {
                // Not measured, but the next toggle must not overlap this one (an instance still on the state before
                // would look as if it served the next toggle at once).
                log($"toggle {i} did not reach {toggle.Missing} instance(s) within 30 s; waiting for them");
                await toggle.WaitForAllAsync(TimeSpan.FromSeconds(120), cancellationToken);
            }

            // A random phase against the refresh schedule (and, for pushes, past the 1 s push coalescing interval).
            await Task.Delay(TimeSpan.FromMilliseconds((push ? 1100 : 0) + Random.Shared.Next(1000)), cancellationToken);
            flipBacks += toggle.FlipBacks;
        }

        log($"{(push ? "push" : "polled")} toggles allocated most (sampled): {allocations.Top(12)}");
        return new Latencies(samples, firsts, publications, timedOut, flipBacks, breakdowns);
    }

    private static async Task<Failover> MeasureFailoverAsync(
        BenchStore store, InstanceGroup group, LeaderProcess leader, RedisProbe probe, StackExchange.Redis.RedisKey leaseKey, string firstHolder, CancellationToken cancellationToken)
    {
        if (await probe.LeaseHolderAsync(leaseKey) != firstHolder)
        {
            return new Failover(null, null, null, "not measured: the leader process no longer held the lease");
        }

        await leader.KillAsync();
        var killed = Stopwatch.StartNew();
        var toggle = await store.ToggleAsync(group.Watch, group.Count);
        TimeSpan? elected = null;
        var visible = toggle.WaitForAllAsync(TimeSpan.FromSeconds(30), cancellationToken);
        while (!visible.IsCompleted && elected is null)
        {
            if (await probe.LeaseHolderAsync(leaseKey) is { } holder && holder != firstHolder)
            {
                elected = killed.Elapsed;
            }

            await Task.Delay(20, cancellationToken);
        }

        var all = await visible;
        return new Failover(elected, toggle.First, all);
    }

    /// <summary>The machine's count of connections dropped by a full TCP accept queue (<c>TcpExtListenOverflows</c>).</summary>
    private static long ListenOverflows()
    {
        var lines = File.ReadAllLines("/proc/net/netstat");
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var names = lines[i].Split(' ');
            var values = lines[i + 1].Split(' ');
            var index = Array.IndexOf(names, "ListenOverflows");
            if (index > 0 && index < values.Length)
            {
                return long.Parse(values[index], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private async Task<Rate> MeasurePollersAsync(BenchStore store, int count, CancellationToken cancellationToken)
    {
        var spec = new InstanceSpec(store.ConnectionString, RedisConnectionString: null, OneSecond);
        await using var group = await InstanceGroup.StartAsync(count, spec, firstIsWeb: false, cancellationToken);
        await Task.Delay(Settle, cancellationToken);
        store.ResetRequestCount();
        var measured = Stopwatch.StartNew();
        await Task.Delay(settings.Window, cancellationToken);
        return new Rate(store.RequestCount, measured.Elapsed);
    }
}
