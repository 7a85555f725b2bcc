using OpenFeature;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// Routes a <c>Track</c> event to the experiment readouts of the apps in this process
/// (<see cref="LiveExperimentRecorders"/>), each finding the user in its own app's contexts.
/// </summary>
internal static class ExperimentConversions
{
    public static void Record(IFeatureClient client, string trackingEventName, EvaluationContext? evaluationContext)
    {
        foreach (var recorder in LiveExperimentRecorders.All)
        {
            recorder.RecordConversion(trackingEventName, r => TargetingKeyOf(client, evaluationContext, r.Api));
        }
    }

    /// <summary>The targeting key <c>Track</c> sends: the first one set, from the invocation's context down to the API's, as OpenFeature merges them.</summary>
    private static string? TargetingKeyOf(IFeatureClient client, EvaluationContext? invocation, Api api) =>
        new[] { invocation, client.GetContext(), api.GetTransactionContext(), api.GetContext() }
            .Select(context => context?.TargetingKey)
            .FirstOrDefault(key => !string.IsNullOrEmpty(key));
}
