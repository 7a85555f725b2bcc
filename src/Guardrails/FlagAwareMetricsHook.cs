using System.Globalization;
using Microsoft.Extensions.Options;
using OpenFeature;
using OpenFeature.Model;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// Notes, in the current request's scope, which tagged flag (listed in <see cref="FlagAwareMetricsOptions.Flags"/>,
/// or under an active rollout or experiment) the request evaluated and with which variant (the value's text when the provider names no variant). Outside a
/// request opened by <c>UseFlagAwareMetrics()</c> it does nothing. Add it with
/// <c>of.AddHook(sp =&gt; sp.GetRequiredService&lt;FlagAwareMetricsHook&gt;())</c> or <c>Api.Instance.AddHooks(...)</c>.
/// </summary>
public sealed class FlagAwareMetricsHook : Hook
{
    private readonly FlagAwareMetricsOptions _options;
    private readonly TaggedFlags _tagged;

    /// <summary>Creates the hook over the listed flags of <paramref name="options"/> (resolve it from the services to tag active rollouts and experiments as well).</summary>
    public FlagAwareMetricsHook(IOptions<FlagAwareMetricsOptions> options)
        : this(options, new TaggedFlags((options ?? throw new ArgumentNullException(nameof(options))).Value, configuration: null, logger: null))
    {
    }

    internal FlagAwareMetricsHook(IOptions<FlagAwareMetricsOptions> options, TaggedFlags tagged)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _tagged = tagged;
    }

    /// <inheritdoc />
    public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        if (RequestFlagScope.Current is { } scope && evaluationDetails is not null && _tagged.Contains(evaluationDetails.FlagKey))
        {
            scope.Record(evaluationDetails.FlagKey, VariantOf(evaluationDetails));
        }

        return default;
    }

    private string VariantOf<T>(FlagEvaluationDetails<T> details)
    {
        if (!string.IsNullOrEmpty(details.Variant))
        {
            return details.Variant;
        }

        var text = details.Value switch
        {
            bool on => on ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            string value => value,
            _ => null,
        };
        return text is not null && text.Length <= _options.MaxValueTagLength ? text : "(value)";
    }
}
