using System.Globalization;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// Toggle → visible on every instance (<see cref="Samples"/>), on the first one (<see cref="Firsts"/>), and published
/// by the leader in Redis (<see cref="Publications"/>), over several toggles; <see cref="TimedOut"/> toggles never reached all.
/// </summary>
internal sealed record Latencies(IReadOnlyList<TimeSpan> Samples, IReadOnlyList<TimeSpan> Firsts, IReadOnlyList<TimeSpan> Publications, int TimedOut, int FlipBacks, IReadOnlyList<ToggleBreakdown> Breakdowns)
{
    public TimeSpan Percentile(double p) => Percentile(Samples, p);

    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public override string ToString() =>
        Samples.Count == 0
            ? $"none reached every instance ({TimedOut} timed out)"
            : string.Create(CultureInfo.InvariantCulture, $"p50 {Ms(Percentile(0.5))} / p95 {Ms(Percentile(0.95))} / max {Ms(Samples.Max())} ({Samples.Count} toggle(s)")
              + (TimedOut > 0 ? $", {TimedOut} more did not reach every instance" : string.Empty) + ")"
              + (Publications.Count == 0 ? string.Empty : $"; announced by Redis (leader published) p50 {Ms(Percentile(Publications, 0.5))}, p95 {Ms(Percentile(Publications, 0.95))}")
              + (Firsts.Count == 0 ? string.Empty : $"; first instance p50 {Ms(Percentile(Firsts, 0.5))}, p95 {Ms(Percentile(Firsts, 0.95))}");

    /// <summary>Where the time goes, as medians over the toggles of each toggle's figure.</summary>
    public string Stages()
    {
        if (Breakdowns.Count == 0)
        {
            return "not measured";
        }

        string Median(Func<ToggleBreakdown, TimeSpan?> stage) =>
            Breakdowns.Select(stage).OfType<TimeSpan>().ToList() is { Count: > 0 } values ? Ms(Percentile(values, 0.5)) : "—";
        string MedianOf(Func<FanoutStats, double> stat, string format) =>
            Breakdowns.Select(b => stat(b.Fanout)).Order().ElementAt((Breakdowns.Count - 1) / 2).ToString(format, CultureInfo.InvariantCulture);
        return $"push relayed {Median(b => b.Relayed)}, announced {Median(b => b.Announced)}; announced → reloaded per instance p50 {Median(b => b.ReloadedP50)} / p95 {Median(b => b.ReloadedP95)} / last {Median(b => b.ReloadedLast)}; "
            + $"this process meanwhile: CPU {MedianOf(f => f.Cpu.TotalMilliseconds, "N0")} ms in {MedianOf(f => f.Wall.TotalMilliseconds, "N0")} ms, "
            + $"threads waiting for a core {MedianOf(f => f.RunQueueWait.TotalMilliseconds, "N0")} ms, allocated {MedianOf(f => f.Allocated / 1e6, "N0")} MB, {MedianOf(f => f.Collections, "N0")} GCs pausing {MedianOf(f => f.GcPause.TotalMilliseconds, "N0")} ms, "
            + $"thread pool queue max {MedianOf(f => f.MaxPoolQueue, "N0")}, threads max {MedianOf(f => f.MaxPoolThreads, "N0")} (medians over {Breakdowns.Count} toggles)";
    }

    public static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:N0} ms");
}

/// <summary>
/// One toggle's stages: store write → push relayed on the push channel → announcement sent by Redis (the leader
/// published) → each instance's configuration reloaded; and what this process did meanwhile.
/// </summary>
internal sealed record ToggleBreakdown(TimeSpan? Relayed, TimeSpan? Announced, TimeSpan? ReloadedP50, TimeSpan? ReloadedP95, TimeSpan? ReloadedLast, FanoutStats Fanout)
{
    public static ToggleBreakdown Of(ToggleProbe toggle, ChannelTap tap, FanoutStats fanout)
    {
        TimeSpan? Since(long? at) => at is { } t ? System.Diagnostics.Stopwatch.GetElapsedTime(toggle.StartedAt, t) : null;
        var announcedAt = tap.First("announce", toggle.StartedAt);
        var reloaded = announcedAt is { } announced
            ? toggle.SeenAt().Select(t => System.Diagnostics.Stopwatch.GetElapsedTime(announced, t)).ToList()
            : [];
        return new ToggleBreakdown(
            Since(tap.First("push", toggle.StartedAt)),
            Since(announcedAt),
            reloaded.Count > 0 ? Latencies.Percentile(reloaded, 0.5) : null,
            reloaded.Count > 0 ? Latencies.Percentile(reloaded, 0.95) : null,
            reloaded.Count > 0 ? reloaded.Max() : null,
            fanout);
    }

    public override string ToString() =>
        $"write → relayed {Opt(Relayed)}, → announced {Opt(Announced)}; announced → reloaded p50 {Opt(ReloadedP50)} / p95 {Opt(ReloadedP95)} / last {Opt(ReloadedLast)}; {Fanout}";

    private static string Opt(TimeSpan? t) => t is { } value ? Latencies.Ms(value) : "—";
}

/// <summary>Requests (or operations) counted over a window, extrapolated to an hour.</summary>
internal sealed record Rate(long Count, TimeSpan Window, double Scale = 1)
{
    public double PerHour => Count * Scale * 3600 / Window.TotalSeconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PerHour:N0}/h");
}

/// <summary>Leader killed (SIGKILL) → a new instance holds the lease → its toggle is visible on the first and on every instance.</summary>
internal sealed record Failover(TimeSpan? Elected, TimeSpan? FirstVisible, TimeSpan? ToggleVisible, string? NotMeasured = null);

/// <summary>
/// Redis killed → a toggle written at once is visible on each instance (<see cref="PerInstance"/>, the instances that
/// served it within the timeout), and the machine's TCP listen-queue overflows meanwhile (loopback connections refused
/// by a full accept queue are retried by the client after 1, 3, 7, 15 … s).
/// </summary>
/// <summary>
/// After redis-server was killed: per instance, when a toggle written at the kill was visible (its first own store
/// read), and when it noticed and fell back (its <c>Status.Fleet.UnreachableSince</c> minus the kill time).
/// </summary>
internal sealed record RedisDown(IReadOnlyList<TimeSpan> PerInstance, int Missing, IReadOnlyList<TimeSpan> FellBack, int NotFallenBack, long ListenOverflows)
{
    public string FallBack() =>
        FellBack.Count == 0
            ? $"no instance noticed ({NotFallenBack} did not)"
            : string.Create(CultureInfo.InvariantCulture, $"per instance p50 {Latencies.Ms(Latencies.Percentile(FellBack, 0.5))} / p95 {Latencies.Ms(Latencies.Percentile(FellBack, 0.95))} / max {Latencies.Ms(FellBack.Max())}{(NotFallenBack == 0 ? string.Empty : $"; {NotFallenBack:N0} did not notice")}");

    public override string ToString() =>
        PerInstance.Count == 0
            ? $"no instance within the timeout ({Missing} missing)"
            : string.Create(CultureInfo.InvariantCulture, $"every instance: {(Missing == 0 ? Latencies.Ms(PerInstance.Max()) : $"not within the timeout ({Missing} missing)")}; per instance p50 {Latencies.Ms(Latencies.Percentile(PerInstance, 0.5))} / p95 {Latencies.Ms(Latencies.Percentile(PerInstance, 0.95))}; {PerInstance.Count(t => t <= TimeSpan.FromSeconds(2)):N0} of {PerInstance.Count + Missing:N0} within 2 s; {ListenOverflows:N0} TCP listen-queue overflows meanwhile");
}

/// <summary>CPU time of this process (the in-process instances and the emulator): idle, and per instance per toggle; and the bytes a toggle allocates per instance.</summary>
internal sealed record CpuCost(double IdleCores, TimeSpan PerInstancePerToggle, double BytesPerInstancePerToggle)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"idle fleet {IdleCores:P0} of one core; a toggle {PerInstancePerToggle.TotalMilliseconds:N2} ms CPU and {BytesPerInstancePerToggle / 1024:N0} KB allocated per instance");
}

/// <summary>What one fleet run measured.</summary>
internal sealed record FleetRun(
    TimeSpan Interval,
    int Instances,
    TimeSpan Startup,
    Rate StoreRequests,
    Rate RedisOperations,
    IReadOnlyList<(string Command, long Calls)> RedisCommands,
    Latencies? Polling,
    Latencies? Push,
    Failover? Failover,
    RedisDown? RedisDown,
    CpuCost? Cpu,
    long VersionObservations,
    long VersionRegressions);

/// <summary>Everything measured for one size, and its table.</summary>
internal sealed record SizeResult(FleetSize Size, FleetRun Fleet, FleetRun? Slow, Rate? Pollers, int PollerCount, Rate? Alone)
{
    private const double StandardQuotaPerHour = 30_000;

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"### {Size}",
            string.Empty,
            "| measure | figure | target |",
            "| --- | --- | --- |",
            string.Create(c, $"| store requests/h, fleet mode, 1 s interval | {Fleet.StoreRequests} ({Fleet.StoreRequests.Count:N0} in {Fleet.StoreRequests.Window.TotalSeconds:N0} s) | within 10 % of one instance alone |"),
            Alone is null ? "| store requests/h, one instance alone (no fleet), 1 s | not run | — |" : string.Create(c, $"| store requests/h, one instance alone (no fleet), 1 s | {Alone} ({Alone.Count:N0} in {Alone.Window.TotalSeconds:N0} s) | — |"),
            Alone is null ? "| fleet mode against one instance alone | not run | ≤ 110 % |" : string.Create(c, $"| fleet mode against one instance alone | {Fleet.StoreRequests.PerHour / Alone.PerHour:P1} | ≤ 110 % |"),
            Pollers is null ? "| store requests/h, per-instance polling (no fleet) | not run | — |" : string.Create(c, $"| store requests/h, per-instance polling (no fleet), {Size.Instances:N0} instances, 1 s | {Pollers} (extrapolated ×{Pollers.Scale:N0} from {PollerCount} poller(s): {Pollers.Count:N0} in {Pollers.Window.TotalSeconds:N0} s) | — |"),
            Pollers is null ? "| per-instance polling ÷ fleet mode | not run | — |" : string.Create(c, $"| per-instance polling ÷ fleet mode | {Pollers.PerHour / Fleet.StoreRequests.PerHour:N0}× | — |"),
            string.Create(c, $"| fleet mode as % of a Standard store's 30,000 requests/h, 1 s | {Fleet.StoreRequests.PerHour / StandardQuotaPerHour:P1} | one instance's share (12 % for one page) |"),
            string.Create(c, $"| Redis commands/h, fleet mode, 1 s (INFO commandstats; the commands the Lua scripts run are counted too) | {Fleet.RedisOperations} ({Commands(Fleet.RedisCommands)}) | — |"),
            $"| toggle → visible on every instance, 1 s interval | {Fleet.Polling?.ToString() ?? "not run"} | p95 ≤ 1.5 s |",
            $"| where the time goes, 1 s interval | {Fleet.Polling?.Stages() ?? "not run"} | — |",
            $"| toggle → visible on every instance after a push (Event Grid to one follower, relayed), 1 s interval | {Fleet.Push?.ToString() ?? "not run"} | p95 ≤ 250 ms |",
            $"| where the time goes, after a push | {Fleet.Push?.Stages() ?? "not run"} | — |",
            $"| leader killed (SIGKILL) → new leader holds the lease | {Opt(Fleet.Failover?.Elected) ?? Fleet.Failover?.NotMeasured ?? "not run"} | — |",
            $"| leader killed → a toggle written at the kill visible on the first instance | {Opt(Fleet.Failover?.FirstVisible) ?? Fleet.Failover?.NotMeasured ?? "not run"} | — |",
            $"| leader killed → a toggle written at the kill visible on every instance | {Opt(Fleet.Failover?.ToggleVisible) ?? Fleet.Failover?.NotMeasured ?? "not run"} | ≤ 10 s |",
            string.Create(c, $"| an instance served an older snapshot version than one it had served | {Fleet.VersionRegressions + (Slow?.VersionRegressions ?? 0)} times in {Fleet.VersionObservations + (Slow?.VersionObservations ?? 0):N0} reloads; toggle state went back {FlipBacks} times | never |"),
            $"| Redis killed (SIGKILL) → the instance notices and falls back (its fleet status's UnreachableSince) | {Fleet.RedisDown?.FallBack() ?? "not run"} | — |",
            $"| Redis killed → a toggle written at the kill visible: the instance's first own store read (spread over half an interval from the fall-back) | {Fleet.RedisDown?.ToString() ?? "not run"} | within two intervals (2 s) |",
            $"| CPU of the {Fleet.Instances - 1:N0} in-process instances (2 shared cores), 1 s | {Fleet.Cpu?.ToString() ?? "not measured"} | — |",
            string.Create(c, $"| start of the in-process instances (cold start from Redis, {Fleet.Instances - 1:N0} in this process, 8 at a time) | {Fleet.Startup.TotalSeconds:N1} s | — |"),
        };
        if (Slow is not null)
        {
            lines.Add(string.Create(c, $"| store requests/h, fleet mode, 5 s interval | {Slow.StoreRequests} ({Slow.StoreRequests.Count:N0} in {Slow.StoreRequests.Window.TotalSeconds:N0} s) = {Slow.StoreRequests.PerHour / StandardQuotaPerHour:P1} of 30,000/h | < 5 % |"));
            lines.Add(string.Create(c, $"| Redis commands/h, fleet mode, 5 s | {Slow.RedisOperations} ({Commands(Slow.RedisCommands)}) | — |"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private int FlipBacks => (Fleet.Polling?.FlipBacks ?? 0) + (Fleet.Push?.FlipBacks ?? 0);

    private static string? Opt(TimeSpan? t) => t is { } value ? Latencies.Ms(value) : null;

    private static string Commands(IReadOnlyList<(string Command, long Calls)> commands) =>
        string.Join(", ", commands.Take(5).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Command} {c.Calls:N0}")));
}
