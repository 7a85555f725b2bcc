using System.Text;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Builds <c>PROVIDER_CONFIGURATION_CHANGED</c>: the changed flags and, for flags a progressive rollout wrote (a guard's
/// roll back, a stage), the rollout's reason in the event metadata and message, so every instance learns why.
/// </summary>
internal static class ConfigurationChangedEvent
{
    /// <summary>The event metadata key of the reason when one flag has one; each flag's is under <c>rollout.reason.{flag}</c>.</summary>
    public const string ReasonKey = "rollout.reason";

    // The flag's configuration may come from anyone: an event stays small whatever it holds.
    private const int MaxReasonLength = 256;
    private const int MaxReasonsInMessage = 3;

    public static ProviderEventPayload Create(string providerName, List<string> changed, List<KeyValuePair<string, string>> reasons)
    {
        var message = new StringBuilder().Append(changed.Count).Append(" flag(s) changed.");
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (flag, reason) in reasons)
        {
            var bounded = reason.Length <= MaxReasonLength ? reason : string.Concat(reason.AsSpan(0, MaxReasonLength - 1), "…");
            metadata[ReasonKey + "." + flag] = bounded;
            if (metadata.Count <= MaxReasonsInMessage)
            {
                message.Append(" Rollout of '").Append(flag).Append("': ").Append(bounded).Append('.');
            }
        }

        if (reasons.Count == 1)
        {
            metadata[ReasonKey] = metadata[ReasonKey + "." + reasons[0].Key];
        }
        else if (reasons.Count > MaxReasonsInMessage)
        {
            message.Append(" (").Append(reasons.Count - MaxReasonsInMessage).Append(" more rollout reason(s) in the event metadata.)");
        }

        return new ProviderEventPayload
        {
            ProviderName = providerName,
            Type = ProviderEventTypes.ProviderConfigurationChanged,
            FlagsChanged = changed,
            Message = message.ToString(),
            EventMetadata = metadata.Count > 0 ? new ImmutableMetadata(metadata) : null,
        };
    }
}
