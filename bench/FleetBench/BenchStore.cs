using System.Globalization;
using System.Net.Http.Json;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// The in-process emulator on loopback, seeded with the toggle flag (sorted first) and filler flags; counts the
/// requests it answers and writes toggles, optionally followed by an Event Grid notification to an instance.
/// </summary>
internal sealed class BenchStore : IAsyncDisposable
{
    public const string ToggleFlag = "AaaToggle";
    private static readonly HttpClient Events = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly AppConfigurationEmulator _emulator;
    private bool _enabled;
    private int _pushes;

    private BenchStore(AppConfigurationEmulator emulator) => _emulator = emulator;

    public string ConnectionString => _emulator.ConnectionString;

    /// <summary>The number of requests answered since the last <see cref="ResetRequestCount"/>.</summary>
    public int RequestCount => _emulator.Requests.Count;

    public static async Task<BenchStore> StartAsync(int flags)
    {
        var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(ToggleJson(false));
        for (var i = 1; i < flags; i++)
        {
            await emulator.SetFeatureFlagAsync(
                "{\"id\":\"Flag" + i.ToString("D5", CultureInfo.InvariantCulture) + "\",\"enabled\":" + (i % 2 == 0 ? "true" : "false") +
                ",\"conditions\":{\"client_filters\":[{\"name\":\"Microsoft.Targeting\",\"parameters\":{\"Audience\":{\"Users\":[\"alice\"],\"DefaultRolloutPercentage\":10}}}]}}");
        }

        return new BenchStore(emulator);
    }

    public void ResetRequestCount() => _emulator.Requests.Clear();

    /// <summary>Flips the toggle flag in the store; returns the probe that watches it reach <paramref name="watch"/>'s instances.</summary>
    public async Task<ToggleProbe> ToggleAsync(ToggleWatch watch, int instances)
    {
        _enabled = !_enabled;
        var probe = watch.Start(_enabled, instances);
        await _emulator.SetFeatureFlagAsync(ToggleJson(_enabled));
        return probe;
    }

    /// <summary>What Event Grid posts after a change: a KeyValueModified event naming the store and carrying a sync token.</summary>
    public async Task PushAsync(Uri events, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _pushes);
        var key = ".appconfig.featureflag/" + ToggleFlag;
        var notification = new[]
        {
            new
            {
                id = Guid.NewGuid().ToString(),
                topic = "/subscriptions/bench/resourceGroups/bench/providers/microsoft.appconfiguration/configurationstores/bench",
                subject = new Uri(_emulator.Endpoint, "kv/" + Uri.EscapeDataString(key)).ToString(),
                eventType = "Microsoft.AppConfiguration.KeyValueModified",
                eventTime = DateTimeOffset.UtcNow,
                data = new { key, label = (string?)null, etag = sequence.ToString(CultureInfo.InvariantCulture), syncToken = $"fleetbench=MDox;sn={sequence}" },
                dataVersion = "1",
                metadataVersion = "1",
            },
        };
        using var response = await Events.PostAsJsonAsync(events, notification, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();

    private static string ToggleJson(bool enabled) => $$"""{"id":"{{ToggleFlag}}","enabled":{{(enabled ? "true" : "false")}}}""";
}
