using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using OpenFeature;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>The ledgers of every configured experiment, fed by <see cref="ExperimentExposureHook"/> and <see cref="FlagAwareTracking.TrackWithVariants"/>.</summary>
internal sealed class ExperimentRecorder : IDisposable
{
    private readonly FrozenDictionary<string, ExperimentLedger> _byFlag;
    private readonly FrozenDictionary<string, ExperimentLedger[]> _byEvent;

    /// <param name="options">The experiments.</param>
    /// <param name="api">The app's OpenFeature API (the container's own with <c>AddOpenFeature</c>): its transaction context holds the user <c>Track</c> is about.</param>
    public ExperimentRecorder(IOptions<ExperimentReadoutOptions> options, Api api)
    {
        Api = api;
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
        LiveExperimentRecorders.Add(this);
    }

    public Api Api { get; }

    /// <summary>The experiments, in flag order.</summary>
    public IEnumerable<ExperimentLedger> Ledgers => _byFlag.Values.OrderBy(l => l.Definition.Flag, StringComparer.Ordinal);

    public ExperimentLedger? Find(string flag) => _byFlag.GetValueOrDefault(flag);

    public void RecordExposure(string flag, string variant, string? targetingKey) => Find(flag)?.Expose(variant, targetingKey);

    /// <summary>Counts a conversion for the key <paramref name="targetingKeyOf"/> finds (asked only when <paramref name="eventName"/> is some experiment's event).</summary>
    public void RecordConversion(string eventName, Func<ExperimentRecorder, string?> targetingKeyOf)
    {
        if (_byEvent.TryGetValue(eventName, out var ledgers))
        {
            var targetingKey = targetingKeyOf(this);
            foreach (var ledger in ledgers)
            {
                ledger.Convert(targetingKey);
            }
        }
    }

    public void Dispose() => LiveExperimentRecorders.Remove(this);
}
