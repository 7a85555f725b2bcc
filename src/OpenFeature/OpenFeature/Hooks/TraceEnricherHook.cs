using System.Diagnostics;
using OpenFeature.Model;
using OpenFeature.Telemetry;

namespace OpenFeature.Hooks;

/// <summary>
/// Adds a <c>feature_flag.evaluation</c> event, with the OpenTelemetry semantic-convention attributes, to the
/// current <see cref="Activity"/> after each evaluation.
/// </summary>
public sealed class TraceEnricherHook : Hook
{
    private readonly TraceEnricherHookOptions _options;

    /// <summary>Creates the hook.</summary>
    /// <param name="options">Extra tags; none when null.</param>
    public TraceEnricherHook(TraceEnricherHookOptions? options = null) => _options = options ?? TraceEnricherHookOptions.Default;

    /// <inheritdoc />
    public override ValueTask FinallyAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> evaluationDetails,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        var activity = Activity.Current;
        if (activity is null)
        {
            return default;
        }

        var evaluation = EvaluationEventBuilder<T>.Build(context, evaluationDetails);
        var tags = new ActivityTagsCollection(evaluation.Attributes);
        foreach (var (key, value) in _options.Tags)
        {
            tags[key] = value;
        }

        if (evaluationDetails.FlagMetadata is not null)
        {
            foreach (var (key, callback) in _options.FlagMetadataCallbacks)
            {
                tags[key] = callback(evaluationDetails.FlagMetadata);
            }
        }

        activity.AddEvent(new ActivityEvent(evaluation.Name, tags: tags));
        return default;
    }
}
