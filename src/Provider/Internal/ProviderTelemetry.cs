using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Records tracking events and evaluations of telemetry-enabled flags through System.Diagnostics: an event on the
/// current activity (or on a short activity of the provider's own source when there is none) and a counter, with
/// OpenTelemetry's feature-flag attribute names, so experiments can be joined with outcomes.
/// </summary>
internal sealed class ProviderTelemetry : IDisposable
{
    public const string EvaluationEventName = "feature_flag.evaluation";
    public const string TrackEventName = "feature_flag.track";

    private static readonly ActivitySource Source = new(FeatureManagementProvider.TelemetrySourceName);

    private readonly Meter _meter;
    private readonly Counter<long> _evaluations;
    private readonly Counter<long> _tracks;
    private readonly Counter<double> _trackValues;
    private readonly string _providerName;

    public ProviderTelemetry(string providerName)
    {
        _providerName = providerName;
        _meter = new Meter(FeatureManagementProvider.TelemetrySourceName);
        _evaluations = _meter.CreateCounter<long>("feature_flag.evaluations", description: "Evaluations of flags whose telemetry is enabled.");
        _tracks = _meter.CreateCounter<long>("feature_flag.tracks", description: "Tracking events recorded through OpenFeature's Track.");
        _trackValues = _meter.CreateCounter<double>("feature_flag.track_values", description: "Sum of the values of tracking events.");
    }

    public void RecordEvaluation(string flagKey, string? variant, string reason, string? targetingKey)
    {
        var tags = new TagList
        {
            { "feature_flag.key", flagKey },
            { "feature_flag.result.variant", variant },
            { "feature_flag.result.reason", reason },
            { "feature_flag.context.id", targetingKey },
            { "feature_flag.provider.name", _providerName },
        };
        _evaluations.Add(1, tags);
        AddEvent(EvaluationEventName, tags);
    }

    public void RecordTrack(string eventName, EvaluationContext? context, TrackingEventDetails? details)
    {
        var tags = new TagList
        {
            { "feature_flag.track.name", eventName },
            { "feature_flag.context.id", context?.TargetingKey },
            { "feature_flag.provider.name", _providerName },
        };
        if (details?.Value is { } value)
        {
            tags.Add("feature_flag.track.value", value);
        }

        _tracks.Add(1, new KeyValuePair<string, object?>("feature_flag.track.name", eventName));
        if (details?.Value is { } sum)
        {
            _trackValues.Add(sum, new KeyValuePair<string, object?>("feature_flag.track.name", eventName));
        }

        var eventTags = tags;
        if (details is not null)
        {
            foreach (var (key, attribute) in details)
            {
                eventTags.Add("feature_flag.track.attribute." + key, attribute?.AsObject);
            }
        }

        AddEvent(TrackEventName, eventTags);
    }

    private static void AddEvent(string name, TagList tags)
    {
        var tagCollection = new ActivityTagsCollection(tags);
        if (Activity.Current is { } current)
        {
            current.AddEvent(new ActivityEvent(name, tags: tagCollection));
            return;
        }

        using var activity = Source.StartActivity(name, ActivityKind.Internal);
        activity?.AddEvent(new ActivityEvent(name, tags: tagCollection));
    }

    public void Dispose() => _meter.Dispose();
}
