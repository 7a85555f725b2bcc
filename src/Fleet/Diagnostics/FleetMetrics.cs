using System.Diagnostics.Metrics;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// The fleet's metrics, on the meter <see cref="MeterName"/>, named after OpenTelemetry's conventions (a namespace
/// of the system's own, UCUM units, counts in curly-brace annotations, no <c>total</c>). Every instrument is
/// observable and reads the member when a collector asks: the counters are cumulative since the member joined, so
/// metrics enabled after the start (once the host's <see cref="IMeterFactory"/> exists) still count the start.
/// Every measurement carries the fleet's name.
/// </summary>
internal sealed class FleetMetrics : IDisposable
{
    public const string MeterName = "OpenFeatureAppConfig.Fleet";
    public const string RoleName = "openfeature_appconfig.fleet.role";
    public const string RedisConnectedName = "openfeature_appconfig.fleet.redis.connected";
    public const string SnapshotVersionName = "openfeature_appconfig.fleet.snapshot.version";
    public const string SnapshotAgeName = "openfeature_appconfig.fleet.snapshot.age";
    public const string SnapshotLoadsName = "openfeature_appconfig.fleet.snapshot.loads";
    public const string SnapshotDeltasName = "openfeature_appconfig.fleet.snapshot.deltas";
    public const string PublicationsName = "openfeature_appconfig.fleet.publications";
    public const string FallbacksName = "openfeature_appconfig.fleet.fallbacks";
    public const string FleetNameAttribute = "openfeature_appconfig.fleet.name";
    public const string RoleAttribute = "openfeature_appconfig.fleet.role";
    public const string PublicationOutcomeAttribute = "openfeature_appconfig.fleet.publication.outcome";

    private static readonly (FleetRole Role, string Name)[] Roles = [(FleetRole.Leader, "leader"), (FleetRole.Follower, "follower"), (FleetRole.Standalone, "standalone")];
    private static readonly (PublishOutcome Outcome, string Name)[] Outcomes = [(PublishOutcome.Published, "published"), (PublishOutcome.NotNewer, "not_newer"), (PublishOutcome.Fenced, "fenced")];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private volatile bool _disposed;

    public FleetMetrics(FleetMember member, string fleetName, TimeProvider time, IMeterFactory? meterFactory)
    {
        // A meter of its own only without DI; one from the factory belongs to (and is disposed by) the factory.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        var fleet = new KeyValuePair<string, object?>(FleetNameAttribute, fleetName);

        _meter.CreateObservableUpDownCounter(
            RoleName,
            WhileJoined<int>(() => Roles.Select(r => new Measurement<int>(member.Status.Role == r.Role ? 1 : 0, fleet, new(RoleAttribute, r.Name)))),
            "{instance}",
            "This instance's role in the fleet: 1 for the role it has (leader, follower, standalone), 0 for the others.");
        _meter.CreateObservableUpDownCounter(
            RedisConnectedName,
            WhileJoined<int>(() => [new Measurement<int>(member.Status.IsConnected ? 1 : 0, fleet)]),
            "{instance}",
            "1 while Redis answers this instance, 0 while it is unreachable (the instance then polls the store itself).");
        _meter.CreateObservableGauge(
            SnapshotVersionName,
            WhileJoined<long>(() => member.Status.SnapshotVersion is { } version ? [new Measurement<long>(version, fleet)] : []),
            "{version}",
            "The store version (sync token sequence number) of the fleet snapshot in force; absent before the first.");
        _meter.CreateObservableGauge(
            SnapshotAgeName,
            WhileJoined<double>(() => member.Status.SnapshotAge(time.GetUtcNow()) is { } age ? [new Measurement<double>(age.TotalSeconds, fleet)] : []),
            "s",
            "How long the fleet snapshot in force has been in force on this instance; absent before the first.");
        _meter.CreateObservableCounter(
            SnapshotLoadsName,
            WhileJoined<long>(() => [new Measurement<long>(member.Follower.FullLoads, fleet)]),
            "{load}",
            "Reads of the full snapshot from Redis (start, a missed version, a reconnection).");
        _meter.CreateObservableCounter(
            SnapshotDeltasName,
            WhileJoined<long>(() => [new Measurement<long>(member.Follower.DeltasApplied, fleet)]),
            "{delta}",
            "Announced deltas applied to the snapshot in force.");
        _meter.CreateObservableCounter(
            PublicationsName,
            WhileJoined<long>(() => Outcomes.Select(o => new Measurement<long>(member.Publications(o.Outcome), fleet, new(PublicationOutcomeAttribute, o.Name)))),
            "{publication}",
            "Snapshots this instance offered the fleet as its leader, by outcome (published, not_newer, fenced).");
        _meter.CreateObservableCounter(
            FallbacksName,
            WhileJoined<long>(() => [new Measurement<long>(member.Fallbacks, fleet)]),
            "{fallback}",
            "Times Redis became unreachable, so that this instance polled the store on its own.");
    }

    public void Dispose()
    {
        // A factory's meter outlives the member (the factory disposes it): its instruments then report nothing.
        _disposed = true;
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private Func<IEnumerable<Measurement<T>>> WhileJoined<T>(Func<IEnumerable<Measurement<T>>> observe)
        where T : struct => () => _disposed ? [] : observe();
}
