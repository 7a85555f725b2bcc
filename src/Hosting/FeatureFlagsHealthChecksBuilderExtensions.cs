using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenFeatureAppConfig.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the feature flag store's health check.</summary>
public static class FeatureFlagsHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check.</summary>
    public const string DefaultName = "feature_flags";

    /// <summary>
    /// Adds a check of the flag store: Healthy when the flags are loaded and fresh, Degraded when the store cannot be
    /// reached and the last data (or the last-known-good file) is served or when flags are malformed in the store or
    /// fail to evaluate (their names are in the description and data), <paramref name="failureStatus"/>
    /// (default Unhealthy) before the first load. Meant for a readiness probe; keep it out of liveness probes, since
    /// restarting an instance does not bring a store back. Needs <c>AddFeatureFlags()</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Default <c>feature_flags</c>.</param>
    /// <param name="failureStatus">The status before the first load. Default Unhealthy.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddFeatureFlags(this IHealthChecksBuilder builder, string name = DefaultName,
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            services => services.GetService(typeof(FlagStoreStatus)) is FlagStoreStatus status
                ? new FeatureFlagsHealthCheck(status, services.GetService(typeof(FlagEvaluationFailures)) as FlagEvaluationFailures)
                : throw new InvalidOperationException("The feature flag health check needs builder.AddFeatureFlags()."),
            failureStatus,
            tags));
    }
}
