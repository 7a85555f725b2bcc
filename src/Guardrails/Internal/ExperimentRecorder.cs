using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>The ledgers of every configured experiment, fed by <see cref="ExperimentExposureHook"/> and <see cref="FlagAwareTracking.TrackWithVariants"/>.</summary>
internal sealed class ExperimentRecorder
{
    private readonly FrozenDictionary<string, ExperimentLedger> _byFlag;
    private readonly FrozenDictionary<string, ExperimentLedger[]> _byEvent;

    public ExperimentRecorder(IOptions<ExperimentReadoutOptions> options)
    {
        var settings = options.Value;
        if (settings.MaxUsersPerExperiment < 1 || settings.MaxTargetingKeyLength < 1 || settings.MaxVariantsPerExperiment < 1)
        {
            throw new OptionsValidationException(nameof(ExperimentReadoutOptions), typeof(ExperimentReadoutOptions),
                ["MaxUsersPerExperiment, MaxTargetingKeyLength and MaxVariantsPerExperiment must be at least 1."]);
        }

        _byFlag = settings.Experiments.Values
            .Select(d => new ExperimentLedger(d, settings.MaxUsersPerExperiment, settings.MaxTargetingKeyLength, settings.MaxVariantsPerExperiment))
            .ToFrozenDictionary(l => l.Definition.Flag, StringComparer.Ordinal);
        _byEvent = _byFlag.Values.GroupBy(l => l.Definition.ConversionEvent, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The experiments, in flag order.</summary>
    public IEnumerable<ExperimentLedger> Ledgers => _byFlag.Values.OrderBy(l => l.Definition.Flag, StringComparer.Ordinal);

    public ExperimentLedger? Find(string flag) => _byFlag.GetValueOrDefault(flag);

    public void RecordExposure(string flag, string variant, string? targetingKey) => Find(flag)?.Expose(variant, targetingKey);

    public void RecordConversion(string eventName, string? targetingKey)
    {
        if (_byEvent.TryGetValue(eventName, out var ledgers))
        {
            foreach (var ledger in ledgers)
            {
                ledger.Convert(targetingKey);
            }
        }
    }
}
