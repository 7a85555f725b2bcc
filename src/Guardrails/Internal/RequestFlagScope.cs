using System.Diagnostics;
using OpenFeature.Telemetry;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// The guarded flags one request evaluated, with the variant it got (the first one: what the user was shown).
/// The middleware opens it in an <see cref="AsyncLocal{T}"/> before the rest of the pipeline runs, so the hook,
/// running further down the same async flow, adds to the same object.
/// </summary>
internal sealed class RequestFlagScope(FlagAwareInstruments instruments, FlagAwareAggregates aggregates)
{
    private static readonly AsyncLocal<RequestFlagScope?> CurrentScope = new();

    private readonly List<(string Key, string Variant)> _flags = [];

    public static RequestFlagScope? Current
    {
        get => CurrentScope.Value;
        set => CurrentScope.Value = value;
    }

    public void Record(string key, string variant)
    {
        lock (_flags)
        {
            foreach (var (known, _) in _flags)
            {
                if (known == key)
                {
                    return;
                }
            }

            _flags.Add((key, variant));
        }
    }

    public void RecordTrack(string eventName)
    {
        foreach (var (key, variant) in Snapshot())
        {
            instruments.Tracks.Add(1, new TagList { { TelemetryConstants.Key, key }, { TelemetryConstants.Variant, variant }, { FlagAwareMetrics.TrackNameTag, eventName } });
        }
    }

    /// <summary>Records the request once per flag it evaluated.</summary>
    public void Complete(bool failed, TimeSpan duration)
    {
        var outcome = failed ? "failure" : "success";
        foreach (var (key, variant) in Snapshot())
        {
            var tags = new TagList { { TelemetryConstants.Key, key }, { TelemetryConstants.Variant, variant }, { FlagAwareMetrics.OutcomeTag, outcome } };
            instruments.Requests.Add(1, tags);
            instruments.Duration.Record(duration.TotalSeconds, tags);
            instruments.Exposures.Add(1, new TagList { { TelemetryConstants.Key, key }, { TelemetryConstants.Variant, variant } });
            aggregates.Add(key, variant, failed, duration);
        }
    }

    private (string Key, string Variant)[] Snapshot()
    {
        lock (_flags)
        {
            return [.. _flags];
        }
    }
}
