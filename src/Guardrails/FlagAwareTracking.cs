using OpenFeature;
using OpenFeature.Model;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Tracking events counted per variant of the guarded flags the current request evaluated.</summary>
public static class FlagAwareTracking
{
    /// <summary>
    /// Calls <see cref="IFeatureClient.Track"/> and counts the event (<see cref="FlagAwareMetrics.TrackCountName"/>)
    /// once per guarded flag and variant this request evaluated before it: the conversions of an experiment. It also
    /// counts the conversion in the experiment readouts whose event this is (<c>AddExperimentReadouts</c>), for the
    /// variant the same targeting key was shown.
    /// OpenFeature hooks do not see <c>Track</c>, hence this call instead of a hook.
    /// </summary>
    /// <param name="client">The OpenFeature client.</param>
    /// <param name="trackingEventName">The event's name (e.g. <c>purchase</c>).</param>
    /// <param name="evaluationContext">The evaluation context, as for <c>Track</c>.</param>
    /// <param name="trackingEventDetails">The event's value and attributes, as for <c>Track</c>.</param>
    public static void TrackWithVariants(this IFeatureClient client, string trackingEventName, EvaluationContext? evaluationContext = null, TrackingEventDetails? trackingEventDetails = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingEventName);
        client.Track(trackingEventName, evaluationContext, trackingEventDetails);
        RequestFlagScope.Current?.RecordTrack(trackingEventName);
        ExperimentConversions.Record(client, trackingEventName, evaluationContext);
    }
}
