using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// A guard on the app's own health checks: it trips when the checks it runs report
/// <see cref="HealthStatus.Unhealthy"/> (or, with <c>tripOnDegraded</c>, <see cref="HealthStatus.Degraded"/>). It
/// does not tell treatment from control: it says "the app got sick during this rollout", so select the checks that a
/// bad release would break (<c>predicate</c>, e.g. by tag).
/// </summary>
public sealed class HealthCheckRolloutGuard : IRolloutGuard
{
    private readonly HealthCheckService _health;
    private readonly Func<HealthCheckRegistration, bool>? _predicate;
    private readonly bool _tripOnDegraded;

    /// <summary>Creates the guard.</summary>
    /// <param name="health">The app's health check service (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="predicate">Which checks to run; null: all.</param>
    /// <param name="tripOnDegraded">Also trip on a degraded report.</param>
    public HealthCheckRolloutGuard(HealthCheckService health, Func<HealthCheckRegistration, bool>? predicate = null, bool tripOnDegraded = false)
    {
        ArgumentNullException.ThrowIfNull(health);
        _health = health;
        _predicate = predicate;
        _tripOnDegraded = tripOnDegraded;
    }

    /// <inheritdoc />
    public string Name => "health";

    /// <inheritdoc />
    public async ValueTask<RolloutGuardResult> CheckAsync(RolloutGuardContext context, CancellationToken cancellationToken)
    {
        var report = await _health.CheckHealthAsync(_predicate, cancellationToken).ConfigureAwait(false);
        var sick = report.Entries
            .Where(entry => entry.Value.Status == HealthStatus.Unhealthy || (_tripOnDegraded && entry.Value.Status == HealthStatus.Degraded))
            .Select(entry => $"{entry.Key} is {entry.Value.Status}" + (entry.Value.Description is { Length: > 0 } description ? $" ({description})" : string.Empty))
            .ToList();
        return sick.Count > 0
            ? RolloutGuardResult.Trip("health checks failing: " + string.Join("; ", sick))
            : RolloutGuardResult.Pass($"health {report.Status} ({report.Entries.Count} checks)");
    }
}
