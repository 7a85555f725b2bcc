using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenFeatureAppConfig.Guardrails.Internal;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// A guard that asks a Prometheus-compatible HTTP API (<c>GET /api/v1/query</c>) for each arm's requests and
/// failures since the stage was written, and applies <see cref="GuardrailDecision"/>; optionally it also trips
/// when <see cref="PrometheusGuardOptions.ThresholdQuery"/> is above its threshold.
/// </summary>
public sealed class PrometheusRolloutGuard : IRolloutGuard
{
    private readonly PrometheusGuardOptions _options;
    private readonly HttpClient _http;

    /// <summary>Creates the guard.</summary>
    /// <param name="options">The endpoint, queries and thresholds.</param>
    /// <param name="http">The HTTP client for the API (its handler adds authentication where the API needs it).</param>
    public PrometheusRolloutGuard(PrometheusGuardOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        if (options.Endpoint is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("PrometheusGuardOptions.Endpoint must be an absolute URI.", nameof(options));
        }

        options.Criteria.Validate();
        _options = options;
        _http = http;
    }

    /// <inheritdoc />
    public string Name => _options.Name;

    /// <inheritdoc />
    public async ValueTask<RolloutGuardResult> CheckAsync(RolloutGuardContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var variant = GuardedArms.TreatmentVariant(context.Plan, _options.TreatmentVariant);
        var since = context.Now - context.StageWrittenAt;
        var seconds = Math.Max(1, (long)Math.Ceiling((since > _options.MinimumWindow ? since : _options.MinimumWindow).TotalSeconds));
        var window = seconds.ToString(CultureInfo.InvariantCulture) + "s";

        async Task<double> Query(string template, string op) =>
            await QueryAsync(Render(template, context.Plan.FlagName, variant, op, window), context.Now, cancellationToken).ConfigureAwait(false);

        var treatment = Arm(await Query(_options.RequestsQuery, "=").ConfigureAwait(false), await Query(_options.FailuresQuery, "=").ConfigureAwait(false));
        var control = Arm(await Query(_options.RequestsQuery, "!=").ConfigureAwait(false), await Query(_options.FailuresQuery, "!=").ConfigureAwait(false));
        var verdict = GuardrailDecision.Evaluate(control, treatment, _options.Criteria);
        if (verdict.Tripped)
        {
            return RolloutGuardResult.Trip($"variant '{variant}' over the last {window}: {verdict.Reason}");
        }

        if (_options.ThresholdQuery is { } thresholdQuery)
        {
            var value = await Query(thresholdQuery, "=").ConfigureAwait(false);
            if (value > _options.Threshold)
            {
                return RolloutGuardResult.Trip(string.Create(CultureInfo.InvariantCulture,
                    $"variant '{variant}' over the last {window}: threshold query gave {value:0.####}, above {_options.Threshold}"));
            }
        }

        return RolloutGuardResult.Pass($"variant '{variant}' over the last {window}: {verdict.Reason}");
    }

    /// <summary>Counts from <c>increase()</c> are extrapolated, hence not whole: rounded, and failures never above requests.</summary>
    private static ArmObservation Arm(double requests, double failures)
    {
        var n = (long)Math.Round(Math.Max(0, requests));
        return new ArmObservation(n, Math.Min(n, (long)Math.Round(Math.Max(0, failures))));
    }

    internal static string Render(string template, string flag, string variant, string op, string window) =>
        template.Replace("{flag}", Escape(flag), StringComparison.Ordinal)
            .Replace("{variant}", Escape(variant), StringComparison.Ordinal)
            .Replace("{op}", op, StringComparison.Ordinal)
            .Replace("{window}", window, StringComparison.Ordinal);

    /// <summary>A PromQL double-quoted string's escapes: a flag or variant name cannot end the string early.</summary>
    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>Runs an instant query at <paramref name="at"/>; the sum of a vector's samples (0 for none), or a scalar's value.</summary>
    private async Task<double> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var time = (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
        // A base path (a proxy's /prometheus/) is kept: the relative path resolves against a base ending in '/'.
        var endpoint = _options.Endpoint!.AbsoluteUri.EndsWith('/') ? _options.Endpoint : new Uri(_options.Endpoint.AbsoluteUri + "/");
        var uri = new Uri(endpoint, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={time}");
        using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The Prometheus query '{query}' failed with {(int)response.StatusCode}: {Truncate(body)}", null, response.StatusCode);
        }

        using var json = JsonDocument.Parse(body);
        var data = json.RootElement.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => result.EnumerateArray().Sum(sample => SampleValue(sample.GetProperty("value"))),
            "scalar" => SampleValue(result),
            var other => throw new FormatException($"The Prometheus query '{query}' gave a {other}; a guard query must give a vector or a scalar."),
        };
    }

    private static double SampleValue(JsonElement pair) =>
        double.Parse(pair[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) is var value && double.IsFinite(value) ? value : 0;

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
