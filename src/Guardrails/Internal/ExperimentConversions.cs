using OpenFeature;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// Routes a <c>Track</c> event to the experiment readouts. OpenFeature hooks do not see <c>Track</c>, so the event
/// goes to the <see cref="ExperimentExposureHook"/>s registered where the client's evaluations would run them (the
/// client's and the API's hooks): the same ledgers that saw the exposures.
/// </summary>
internal static class ExperimentConversions
{
    public static void Record(IFeatureClient client, string trackingEventName, EvaluationContext? evaluationContext)
    {
        string? targetingKey = null;
        foreach (var hook in client.GetHooks().Concat(Api.Instance.GetHooks()).OfType<ExperimentExposureHook>().Distinct())
        {
            targetingKey ??= TargetingKeyOf(client, evaluationContext);
            hook.Recorder.RecordConversion(trackingEventName, targetingKey);
        }
    }

    /// <summary>The targeting key <c>Track</c> sends: the first one set, from the invocation's context down to the API's, as OpenFeature merges them.</summary>
    private static string? TargetingKeyOf(IFeatureClient client, EvaluationContext? invocation) =>
        new[] { invocation, client.GetContext(), Api.Instance.GetTransactionContext(), Api.Instance.GetContext() }
            .Select(context => context?.TargetingKey)
            .FirstOrDefault(key => !string.IsNullOrEmpty(key));
}
