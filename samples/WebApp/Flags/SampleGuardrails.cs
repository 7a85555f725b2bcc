using OpenFeatureAppConfig.Guardrails;
using OpenTelemetry.Metrics;

namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>
/// The sample's flag-aware request metrics (OpenTelemetry, scraped on <c>/metrics</c>) and the guard that watches
/// its rollouts: the in-process guard, or the PromQL guard when <c>Guardrails:Prometheus</c> names a Prometheus
/// (docs/guardrails.md).
/// </summary>
public static class SampleGuardrails
{
    /// <summary>The setting naming a Prometheus-compatible API (e.g. <c>http://127.0.0.1:9090</c>); set, the PromQL guard watches the rollouts.</summary>
    public const string PrometheusSetting = "Guardrails:Prometheus";

    /// <summary>The section bound to the decision rule's thresholds (<see cref="GuardrailCriteria"/>, e.g. <c>Guardrails:Criteria:MinimumSamplePerArm</c>).</summary>
    public const string CriteriaSection = "Guardrails:Criteria";

    /// <summary>The PromQL guard's shortest query window (<see cref="PrometheusGuardOptions.MinimumWindow"/>).</summary>
    public const string MinimumWindowSetting = "Guardrails:MinimumWindow";

    /// <summary>
    /// The flags the request metrics are tagged with: those under a rollout or an experiment in the sample. Only these
    /// add time series, so the number of series stays bounded.
    /// </summary>
    public static readonly string[] MeasuredFlags = ["new_checkout", "recommendations", "button_color"];

    /// <summary>
    /// Registers the metrics and the guard. <paramref name="minimumSamplePerArm"/> replaces the library's default
    /// minimum sample (null keeps it); the setting <c>Guardrails:Criteria:MinimumSamplePerArm</c> wins over both.
    /// </summary>
    public static void Configure(WebApplicationBuilder builder, long? minimumSamplePerArm)
    {
        builder.Services.AddFlagAwareMetrics(options => options.Flags.UnionWith(MeasuredFlags));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddFlagAwareMetrics().AddPrometheusExporter());

        void Criteria(GuardrailCriteria criteria)
        {
            criteria.MinimumSamplePerArm = minimumSamplePerArm ?? criteria.MinimumSamplePerArm;
            builder.Configuration.GetSection(CriteriaSection).Bind(criteria);
        }

        if (builder.Configuration[PrometheusSetting] is not { Length: > 0 } prometheus)
        {
            builder.Services.AddInProcessRolloutGuard(Criteria);
            return;
        }

        if (!Uri.TryCreate(prometheus, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{PrometheusSetting}: '{prometheus}' is not an http or https address of a Prometheus-compatible API.");
        }

        builder.Services.AddPrometheusRolloutGuard(options =>
        {
            options.Endpoint = endpoint;
            Criteria(options.Criteria);
            options.MinimumWindow = builder.Configuration.GetValue(MinimumWindowSetting, options.MinimumWindow);
        });
    }
}
