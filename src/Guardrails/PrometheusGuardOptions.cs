namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// The PromQL guard's queries and thresholds (<see cref="PrometheusRolloutGuard"/>), like an Argo Rollouts analysis
/// template. A query is a template: <c>{flag}</c> is the flag's key, <c>{variant}</c> the treatment's variant,
/// <c>{op}</c> <c>=</c> for the treatment and <c>!=</c> for the control, and <c>{window}</c> the time since the
/// stage was written (e.g. <c>95s</c>), all escaped for a PromQL string.
/// </summary>
public sealed class PrometheusGuardOptions
{
    /// <summary>The Prometheus-compatible API's base address (self-hosted Prometheus, Azure Monitor managed Prometheus, ...).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The guard's name in reasons and logs.</summary>
    public string Name { get; set; } = "promql";

    /// <summary>The number of requests of one arm. The default counts the flag-aware request metrics.</summary>
    public string RequestsQuery { get; set; } =
        "sum(increase(openfeatureappconfig_flag_requests_total{feature_flag_key=\"{flag}\",feature_flag_result_variant{op}\"{variant}\"}[{window}]))";

    /// <summary>The number of failed requests of one arm.</summary>
    public string FailuresQuery { get; set; } =
        "sum(increase(openfeatureappconfig_flag_requests_total{feature_flag_key=\"{flag}\",feature_flag_result_variant{op}\"{variant}\",outcome=\"failure\"}[{window}]))";

    /// <summary>The decision rule's thresholds, applied to the two arms' counts.</summary>
    public GuardrailCriteria Criteria { get; set; } = new();

    /// <summary>
    /// An extra query of the treatment alone (<c>{op}</c> is <c>=</c>) whose value above <see cref="Threshold"/>
    /// trips the guard, e.g. an error budget burn rate. Null: none.
    /// </summary>
    public string? ThresholdQuery { get; set; }

    /// <summary>The limit for <see cref="ThresholdQuery"/>.</summary>
    public double Threshold { get; set; }

    /// <summary>
    /// The shortest <c>{window}</c> (1 min by default): <c>increase()</c> needs a few scrapes in its range, so a stage
    /// written seconds ago is judged on the last minute (a little of the previous stage included).
    /// </summary>
    public TimeSpan MinimumWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The treatment's variant tag; null takes the rollout's target variant, or <c>true</c> for an on/off flag.</summary>
    public string? TreatmentVariant { get; set; }
}
