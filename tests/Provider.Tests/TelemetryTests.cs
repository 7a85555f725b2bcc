using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class TelemetryTests
{
    [Test]
    public void Track_records_an_activity_event_and_counts_with_the_targeting_key_and_value()
    {
        var eventName = "purchase-" + Guid.NewGuid().ToString("N");
        using var recorder = new TelemetryRecorder(eventName);
        var provider = Flags.Provider("""{"id":"On","enabled":true}""");

        provider.Track(
            eventName,
            EvaluationContext.Builder().SetTargetingKey("alice").Build(),
            TrackingEventDetails.Builder().SetValue(99.5).Set("currency", "EUR").Build());

        var tags = recorder.Events.Single().Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Events.Single().Name, Is.EqualTo("feature_flag.track"));
            Assert.That(tags["feature_flag.context.id"], Is.EqualTo("alice"));
            Assert.That(tags["feature_flag.track.value"], Is.EqualTo(99.5));
            Assert.That(tags["feature_flag.track.attribute.currency"], Is.EqualTo("EUR"));
            Assert.That(recorder.Measurements, Does.Contain(("feature_flag.tracks", 1.0)));
            Assert.That(recorder.Measurements, Does.Contain(("feature_flag.track_values", 99.5)));
        });
    }

    [Test]
    public async Task Evaluations_of_telemetry_enabled_flags_are_recorded_with_variant_and_reason()
    {
        var flag = "Exp" + Guid.NewGuid().ToString("N");
        using var recorder = new TelemetryRecorder(flag);
        var provider = Flags.Provider("""
            {"id":"FLAG","enabled":true,"variants":[{"name":"A","configuration_value":"a"},{"name":"B","configuration_value":"b"}],
             "allocation":{"user":[{"variant":"B","users":["bob"]}],"default_when_enabled":"A"},"telemetry":{"enabled":true}}
            """.Replace("FLAG", flag), """{"id":"Quiet","enabled":true}""");

        await provider.ResolveStringValueAsync(flag, "d", Flags.User("bob"));
        await provider.ResolveBooleanValueAsync("Quiet", false, Flags.User("bob"));

        var evaluation = recorder.Events.Where(e => e.Name == "feature_flag.evaluation").ToList();
        Assert.That(evaluation, Has.Count.EqualTo(1));
        var tags = evaluation[0].Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Multiple(() =>
        {
            Assert.That(tags["feature_flag.key"], Is.EqualTo(flag));
            Assert.That(tags["feature_flag.result.variant"], Is.EqualTo("B"));
            Assert.That(tags["feature_flag.result.reason"], Is.EqualTo("TARGETING_MATCH"));
            Assert.That(tags["feature_flag.context.id"], Is.EqualTo("bob"));
            Assert.That(recorder.Measurements, Does.Contain(("feature_flag.evaluations", 1.0)));
        });
    }

    /// <summary>Collects the provider's activity events and measurements that mention one marker (tests run in parallel).</summary>
    private sealed class TelemetryRecorder : IDisposable
    {
        private readonly string _marker;
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters = new();
        private readonly ConcurrentQueue<ActivityEvent> _events = new();
        private readonly ConcurrentQueue<(string, double)> _measurements = new();

        public TelemetryRecorder(string marker)
        {
            _marker = marker;
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == FeatureManagementProvider.TelemetrySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    foreach (var e in activity.Events.Where(e => e.Tags.Any(t => Equals(t.Value, _marker))))
                    {
                        _events.Enqueue(e);
                    }
                },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FeatureManagementProvider.TelemetrySourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _meters.Start();
        }

        public IReadOnlyList<ActivityEvent> Events => _events.ToList();

        public IReadOnlyList<(string, double)> Measurements => _measurements.ToList();

        public void Dispose()
        {
            _activities.Dispose();
            _meters.Dispose();
        }

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (Equals(tag.Value, _marker))
                {
                    _measurements.Enqueue((instrument.Name, value));
                    return;
                }
            }
        }
    }
}
