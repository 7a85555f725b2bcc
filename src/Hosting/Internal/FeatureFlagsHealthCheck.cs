using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Healthy when the flags are loaded and the last refresh succeeded; Degraded when serving stale data or the
/// last-known-good file, or when some flags are malformed in the store or fail to evaluate (named in the
/// description and data); Unhealthy before the first load. In fleet mode the data also says the role (leader,
/// follower, standalone), the snapshot's version and age and whether Redis answers; Degraded while the fleet is
/// unreachable and the instance polls the store on its own.
/// </summary>
internal sealed class FeatureFlagsHealthCheck(FlagStoreStatus status, FlagEvaluationFailures? evaluationFailures, TimeProvider? time = null) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (worst, descriptions, data) = CheckStore(context);
        if (evaluationFailures?.FlagNames is { Count: > 0 } failing)
        {
            worst = worst < HealthStatus.Degraded ? worst : HealthStatus.Degraded;
            descriptions.Add($"Flags that fail to evaluate (treated as disabled): {string.Join(", ", failing)}.");
            data["failingFlags"] = failing;
        }

        return Task.FromResult(new HealthCheckResult(worst, string.Join(" ", descriptions), data: data));
    }

    private (HealthStatus Status, List<string> Descriptions, Dictionary<string, object> Data) CheckStore(HealthCheckContext context)
    {
        var descriptions = new List<string>();
        var data = new Dictionary<string, object>();
        if (status.Kind != FlagStoreKind.AppConfiguration)
        {
            var where = status.Kind == FlagStoreKind.File ? "a local JSON file" : "the application's configuration";
            descriptions.Add($"Flags come from {where}.");
            return (HealthStatus.Healthy, descriptions, data);
        }

        var refreshers = status.Refreshers;
        if (refreshers.Count == 0)
        {
            descriptions.Add("No App Configuration source is in the configuration.");
            return (context.Registration.FailureStatus, descriptions, data);
        }

        var worst = HealthStatus.Healthy;
        foreach (var refresher in refreshers)
        {
            var host = refresher.AppConfigurationEndpoint.Host;
            var s = refresher.Status;
            var (health, description) = s switch
            {
                { State: AppConfigurationSourceState.NotLoaded } =>
                    (context.Registration.FailureStatus, $"{host}: not loaded yet ({s.LastError ?? "no answer"})."),
                { FromLastKnownGoodFile: true } =>
                    (HealthStatus.Degraded, $"{host}: serving the last-known-good file since {s.StaleSince:O} ({s.LastError})."),
                { State: AppConfigurationSourceState.Stale } =>
                    (HealthStatus.Degraded, $"{host}: serving data last confirmed at {s.LastSuccessfulLoad:O}; refresh failing since {s.StaleSince:O} ({s.LastError})."),
                _ => (HealthStatus.Healthy, $"{host}: loaded, last refresh {s.LastSuccessfulLoad:O}."),
            };
            if (s.MalformedFeatureFlags.Count > 0)
            {
                health = health < HealthStatus.Degraded ? health : HealthStatus.Degraded;
                description += $" Malformed flags (last good version kept, if any): {string.Join(", ", s.MalformedFeatureFlags)}.";
            }

            if (s.Fleet is { } fleet)
            {
                description += $" Fleet: {fleet.Role.ToString().ToLowerInvariant()}, snapshot version {fleet.SnapshotVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.";
                if (!fleet.IsConnected)
                {
                    health = health < HealthStatus.Degraded ? health : HealthStatus.Degraded;
                    description += fleet.UnreachableSince is { } since
                        ? $" Redis is unreachable since {since:O}: polling the store on its own."
                        : " Redis is unreachable: polling the store on its own.";
                }
            }

            worst = health < worst ? health : worst;
            descriptions.Add(description);
            var entry = new Dictionary<string, object?>
            {
                ["state"] = s.State.ToString(),
                ["lastSuccessfulLoad"] = s.LastSuccessfulLoad,
                ["staleSince"] = s.StaleSince,
                ["consecutiveFailures"] = s.ConsecutiveFailures,
                ["fromLastKnownGoodFile"] = s.FromLastKnownGoodFile,
                ["lastError"] = s.LastError,
                ["malformedFlags"] = s.MalformedFeatureFlags,
            };
            if (s.Fleet is { } fleetStatus)
            {
                entry["fleetRole"] = fleetStatus.Role.ToString();
                entry["fleetConnected"] = fleetStatus.IsConnected;
                entry["snapshotVersion"] = fleetStatus.SnapshotVersion;
                entry["snapshotAge"] = fleetStatus.SnapshotAge((time ?? TimeProvider.System).GetUtcNow());
                if (fleetStatus.UnreachableSince is { } unreachableSince)
                {
                    entry["fleetUnreachableSince"] = unreachableSince;
                }
            }

            data[host] = entry;
        }

        return (worst, descriptions, data);
    }
}
