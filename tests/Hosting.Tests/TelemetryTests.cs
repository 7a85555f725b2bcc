using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>FeatureFlagTelemetryHook: the OpenTelemetry feature_flag.evaluation event and a counter per flag and variant.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class TelemetryTests
{
    [Test]
    public async Task Evaluation_event_carries_the_semantic_convention_attributes_and_the_counter_counts_per_flag()
    {
        // Flag keys unique to this test: listeners are process-wide and other tests run alongside.
        var flag = "Telemetry" + Guid.NewGuid().ToString("N")[..8];
        var missing = flag + "Missing";
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Targeted(flag, 0, users: ["alice"]));

        var events = new ConcurrentQueue<ActivityEvent>();
        using var activities = Listen(FeatureFlagTelemetryHook.SourceName, "feature_flag.evaluation", events);

        var counts = new ConcurrentDictionary<string, long>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FeatureFlagTelemetryHook.SourceName && instrument.Name == FeatureFlagTelemetryHook.EvaluationCounterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            var result = map.GetValueOrDefault("feature_flag.result.variant") ?? map.GetValueOrDefault("feature_flag.result.value");
            var key = $"{map["feature_flag.key"]}|{result}|{map.GetValueOrDefault("error.type")}";
            counts.AddOrUpdate(key, value, (_, total) => total + value);
        });
        meters.Start();

        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString },
            configureServices: HeaderAuthentication.AddTo,
            configurePipeline: web => web.MapGet("/eval/{key}", async (string key, IFeatureClient client) => (await client.GetBooleanValueAsync(key, false)).ToString()),
            configureOpenFeature: of => of.AddHook<FeatureFlagTelemetryHook>());
        using var http = app.CreateClient();

        await TargetingTests.GetAsync(http, $"/eval/{flag}", userId: "alice");
        await TargetingTests.GetAsync(http, $"/eval/{flag}", userId: "alice");
        await TargetingTests.GetAsync(http, $"/eval/{flag}", userId: "bob");
        await TargetingTests.GetAsync(http, $"/eval/{missing}", userId: "bob");

        Assert.That(await Eventually.TrueAsync(() => Task.FromResult(
            events.Count(e => Equals(Tag(e, "feature_flag.key"), flag)) == 3 && events.Any(e => Equals(Tag(e, "feature_flag.key"), missing)))), Is.True);
        // The context id is the targeting key of the request's user (no contextId in the flag metadata).
        var alice = events.Where(e => Equals(Tag(e, "feature_flag.key"), flag)).ToList();
        Assert.That(alice.Select(e => Tag(e, "feature_flag.context.id")), Is.EquivalentTo(new[] { "alice", "alice", "bob" }));
        var first = alice.First(e => Equals(Tag(e, "feature_flag.context.id"), "alice"));
        Assert.That(Tag(first, "feature_flag.provider.name"), Is.EqualTo("Microsoft.FeatureManagement"));
        Assert.That(Tag(first, "feature_flag.result.reason"), Is.EqualTo("targeting_match"));
        // A boolean flag without variants: the value stands in for the variant.
        Assert.That(Tag(first, "feature_flag.result.variant"), Is.Null);
        Assert.That(Tag(first, "feature_flag.result.value"), Is.EqualTo(true));
        Assert.That(Tag(first, "error.type"), Is.Null);
        var notFound = events.First(e => Equals(Tag(e, "feature_flag.key"), missing));
        Assert.That(Tag(notFound, "error.type"), Is.EqualTo("flag_not_found"), "the semantic conventions' snake_case value");
        Assert.That(Tag(notFound, "error.message"), Does.Contain(missing));
        Assert.That(Tag(notFound, "feature_flag.result.reason"), Is.EqualTo("error"));

        meters.RecordObservableInstruments();
        var forFlag = counts.Where(c => c.Key.StartsWith(flag + "|", StringComparison.Ordinal)).ToDictionary(c => c.Key, c => c.Value);
        Assert.That(forFlag.Values.Sum(), Is.EqualTo(3), string.Join(", ", forFlag));
        Assert.That(forFlag, Has.Count.EqualTo(2), "alice and bob get different variants: " + string.Join(", ", forFlag));
        Assert.That(counts.Where(c => c.Key.StartsWith(missing + "|", StringComparison.Ordinal)).Select(c => c.Key), Has.All.EndsWith("|flag_not_found"));
    }

    [Test]
    public async Task Track_in_a_request_carries_the_user_only_when_given_the_transaction_context()
    {
        // The official SDK leaves the transaction context out of Track (docs/provider.md); the documented workaround
        // passes it as the invocation context. Event names unique to this test: listeners are process-wide.
        var plain = "Plain" + Guid.NewGuid().ToString("N")[..8];
        var explicitContext = "Explicit" + Guid.NewGuid().ToString("N")[..8];
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        var events = new ConcurrentQueue<ActivityEvent>();
        using var activities = Listen(FeatureManagementProvider.TelemetrySourceName, "feature_flag.track", events);

        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString },
            configureServices: HeaderAuthentication.AddTo,
            configurePipeline: web =>
            {
                web.MapGet("/track/{name}", (string name, IFeatureClient client) => client.Track(name));
                web.MapGet("/track-with-user/{name}", (string name, IFeatureClient client, Api api) => client.Track(name, api.GetTransactionContext()));
            });
        using var http = app.CreateClient();

        await TargetingTests.GetAsync(http, $"/track/{plain}", userId: "alice");
        await TargetingTests.GetAsync(http, $"/track-with-user/{explicitContext}", userId: "alice");

        ActivityEvent Tracked(string name) => events.First(e => Equals(Tag(e, "feature_flag.track.name"), name));
        Assert.That(await Eventually.TrueAsync(() => Task.FromResult(
            events.Any(e => Equals(Tag(e, "feature_flag.track.name"), plain)) && events.Any(e => Equals(Tag(e, "feature_flag.track.name"), explicitContext)))), Is.True);
        Assert.That(Tag(Tracked(explicitContext), "feature_flag.context.id"), Is.EqualTo("alice"));
        Assert.That(Tag(Tracked(plain), "feature_flag.context.id"), Is.Null, "the official SDK's Track has no transaction context");
    }

    /// <summary>Collects the events named <paramref name="eventName"/> of request activities and of <paramref name="source"/>'s.</summary>
    private static ActivityListener Listen(string source, string eventName, ConcurrentQueue<ActivityEvent> events)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Microsoft.AspNetCore" || s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                foreach (var e in activity.Events.Where(e => e.Name == eventName))
                {
                    events.Enqueue(e);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static object? Tag(ActivityEvent e, string name) => e.Tags.FirstOrDefault(t => t.Key == name).Value;
}
