using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// Healthy when the flags are loaded and the last refresh succeeded; Degraded when serving stale data or the
/// last-known-good file; Unhealthy before the first load.
/// </summary>
internal sealed class FeatureFlagsHealthCheck(FlagStoreStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (status.Kind != FlagStoreKind.AppConfiguration)
        {
            var where = status.Kind == FlagStoreKind.File ? "a local JSON file" : "the application's configuration";
            return Task.FromResult(HealthCheckResult.Healthy($"Flags come from {where}."));
        }

        var refreshers = status.Refreshers;
        if (refreshers.Count == 0)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "No App Configuration source is in the configuration."));
        }

        var worst = HealthStatus.Healthy;
        var descriptions = new List<string>();
        var data = new Dictionary<string, object>();
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
            worst = health < worst ? health : worst;
            descriptions.Add(description);
            data[host] = new Dictionary<string, object?>
            {
                ["state"] = s.State.ToString(),
                ["lastSuccessfulLoad"] = s.LastSuccessfulLoad,
                ["staleSince"] = s.StaleSince,
                ["consecutiveFailures"] = s.ConsecutiveFailures,
                ["fromLastKnownGoodFile"] = s.FromLastKnownGoodFile,
                ["lastError"] = s.LastError,
            };
        }

        return Task.FromResult(new HealthCheckResult(worst, string.Join(" ", descriptions), data: data));
    }
}
