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

    /// <summary>The sample's experiment: which button colour sells best.</summary>
    public const string ExperimentFlag = "button_color";

    /// <summary>The conversion of the experiment, tracked by the checkout's purchase.</summary>
    public const string ConversionEvent = "purchase";

    /// <summary>The colour the others are compared with.</summary>
    public const string ControlVariant = "blue";

    /// <summary>Where the sample serves experiment readouts as JSON (<c>/experiments/button_color</c>).</summary>
    public const string ReadoutPath = "/experiments";

    /// <summary>
    /// Maps the readout endpoint for callers on this machine only (the sample has no sign-in for operators), and lets
    /// the embedded emulator's portal page read it (CORS for its origin, GET only) to draw the chart.
    /// </summary>
    public static void MapReadouts(WebApplication app, Uri? portal)
    {
        var readouts = app.MapExperimentReadouts(ReadoutPath, options => options.AllowCaller = context =>
            // No address: an in-process test host, not the network.
            context.Connection.RemoteIpAddress is not { } address || System.Net.IPAddress.IsLoopback(address));
        if (portal is not null)
        {
            readouts.RequireCors(cors => cors.WithOrigins(portal.GetLeftPart(UriPartial.Authority)).WithMethods("GET"));
        }
    }

    /// <summary>
    /// Registers the metrics and the guard. <paramref name="minimumSamplePerArm"/> replaces the library's default
    /// minimum sample (null keeps it); the setting <c>Guardrails:Criteria:MinimumSamplePerArm</c> wins over both.
    /// </summary>
    public static void Configure(WebApplicationBuilder builder, long? minimumSamplePerArm)
    {
        builder.Services.AddFlagAwareMetrics(options => options.Flags.UnionWith(MeasuredFlags));
        // The button_color experiment's readout: who saw which colour, and who of them bought (ExperimentReadouts).
        builder.Services.AddExperimentReadouts(options => options.Add(ExperimentFlag, ConversionEvent, ControlVariant));
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
