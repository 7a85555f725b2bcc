using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>
/// One app instance in fleet mode, in process: its own Redis connection (<see cref="FleetMember"/>), configuration
/// source and provider. Its refresh clock is fake, so a test decides when a refresh is due; the lease runs on the
/// real clock (short times, see <see cref="RedisFleetTest.Options"/>). Its requests to the store carry its name in
/// the User-Agent, so the emulator's log says who asked.
/// </summary>
internal sealed class FleetInstance : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private FleetInstance(string name, FleetMember member, IConfigurationRoot root, IConfigurationRefresher refresher, FakeTimeProvider clock)
    {
        Name = name;
        Member = member;
        Root = root;
        Refresher = refresher;
        Clock = clock;
    }

    public string Name { get; }

    public FleetMember Member { get; }

    public IConfigurationRoot Root { get; }

    public IConfigurationRefresher Refresher { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Whether the flag <paramref name="id"/> is enabled in this instance's configuration (null when absent).</summary>
    public bool? FlagEnabled(string id) =>
        Root.GetSection("feature_management:feature_flags").GetChildren().FirstOrDefault(f => f["id"] == id)?["enabled"] is { } enabled
            ? bool.Parse(enabled)
            : null;

    /// <param name="storeConnectionString">The store's connection string (the emulator's by default; e.g. through a relay).</param>
    public static async Task<FleetInstance> StartAsync(string name, AppConfigurationEmulator store, FleetOptions fleet, string? storeConnectionString = null)
    {
        var member = await FleetMember.JoinAsync(fleet);
        try
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            AzureAppConfigurationOptions? captured = null;
            var root = new ConfigurationBuilder()
                .AddAzureAppConfiguration(o =>
                {
                    captured = o;
                    o.Connect(storeConnectionString ?? store.ConnectionString)
                        .ConfigureClientOptions(c =>
                        {
                            c.Diagnostics.ApplicationId = name;
                            c.Retry.Mode = RetryMode.Fixed;
                            c.Retry.Delay = TimeSpan.FromMilliseconds(20);
                            c.Retry.MaxRetries = 1;
                        })
                        .ConfigureStartupOptions(s => s.Timeout = TimeSpan.FromSeconds(5))
                        .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval))
                        .UseFeatureFlags(f => f.SetRefreshInterval(Interval))
                        .JoinFleet(member);
                    o.Select("*");
                    o.TimeProvider = clock;
                })
                .Build();
            return new FleetInstance(name, member, root, captured!.GetRefresher(), clock);
        }
        catch
        {
            await member.DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes the next refresh due and runs it (a follower's does nothing).</summary>
    public async Task RefreshAsync()
    {
        Clock.Advance(Interval + TimeSpan.FromTicks(Interval.Ticks / 10) + TimeSpan.FromMilliseconds(1));
        await Refresher.TryRefreshAsync();
    }

    /// <summary>
    /// What the hosting layer's refresh service does: wait until a refresh is due, run it, repeat. On the fake clock
    /// a refresh becomes due only when the test advances it or the source is woken (a push, a new leadership).
    /// </summary>
    public async Task RunRefreshLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Refresher.WaitUntilRefreshDueAsync(cancellationToken);
                await Refresher.TryRefreshAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the test.
        }
    }

    /// <summary>The store requests this instance sent, from the emulator's log.</summary>
    public int RequestsIn(AppConfigurationEmulator store) =>
        store.Requests.Snapshot().Count(r => r.RequestHeaders.TryGetValue("User-Agent", out var agent) && agent.StartsWith(Name + " ", StringComparison.Ordinal));

    public async ValueTask DisposeAsync() => await Member.DisposeAsync();
}
