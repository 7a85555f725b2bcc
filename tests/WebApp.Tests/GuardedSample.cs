using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Rollouts;
using OpenFeatureAppConfig.Samples.WebApp;
using OpenFeatureAppConfig.Samples.WebApp.Flags;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// The sample's guarded rollout demo (<c>--buggy-treatment</c>) on a real loopback port, with every guard's answer
/// recorded as the executor gets it. Disposing stops the app (its embedded emulator and simulated shoppers too).
/// </summary>
internal sealed class GuardedSample : IAsyncDisposable
{
    /// <summary>The bound of every wait: far above what a run needs (seconds), so that only a real failure hits it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly WebApplication _app;

    private GuardedSample(WebApplication app, ConcurrentQueue<RolloutGuardResult> checks)
    {
        _app = app;
        Checks = checks;
        Site = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>The app's address.</summary>
    public Uri Site { get; }

    /// <summary>Every answer a guard gave about <c>new_checkout</c>'s rollout, in order.</summary>
    public ConcurrentQueue<RolloutGuardResult> Checks { get; }

    /// <summary>Starts the sample with <c>--buggy-treatment</c> and these extra arguments.</summary>
    public static async Task<GuardedSample> StartAsync(string urls, params string[] args)
    {
        var checks = new ConcurrentQueue<RolloutGuardResult>();
        var app = await SampleApp.BuildAsync(
            // 100 shoppers rather than 400: fewer first visits spent signing in, so the sample comes sooner.
            ["--buggy-treatment", "--urls", urls, "--contentRoot", SampleBrowserTests.FindSampleDirectory(), "--Logging:LogLevel:Default=Warning",
                "--BuggyTreatment:Shoppers=100", "--BuggyTreatment:VisitsPerSecond=50", .. args],
            configure: builder => RecordGuards(builder, checks));
        try
        {
            await app.StartAsync();
            return new GuardedSample(app, checks);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The rollout of <c>new_checkout</c> as stored.</summary>
    public async Task<RolloutPlan> ReadPlanAsync() =>
        (await _app.Services.GetRequiredService<RolloutClient>().GetRolloutAsync(BuggyTreatmentDemo.Flag)).Value;

    /// <summary><c>new_checkout</c>'s rollout percentage as stored in the flag.</summary>
    public async Task<double> ReadFlagPercentageAsync()
    {
        var store = _app.Services.GetRequiredService<EmbeddedFlagStore>();
        var flag = await new AppConfigurationClient(store.Emulator.ConnectionString).GetConfigurationSettingAsync(".appconfig.featureflag/" + BuggyTreatmentDemo.Flag);
        return JsonNode.Parse(flag.Value.Value!)!["conditions"]!["client_filters"]![0]!["parameters"]!["Audience"]!["DefaultRolloutPercentage"]!.GetValue<double>();
    }

    /// <summary>Waits until <paramref name="condition"/> holds: a bound, not a timing assertion.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<string> diagnostics)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Patience)
            {
                Assert.Fail($"No {what} within {Patience.TotalSeconds} s. {diagnostics()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The guards' answers so far, for failure messages.</summary>
    public string DescribeChecks() => $"Guard answers ({Checks.Count}): " + string.Join(" | ", Checks.Select(check => (check.Tripped ? "TRIP " : "pass ") + check.Reason));

    /// <summary>A free loopback port (for an app whose address a Prometheus must know before the app starts).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Wraps each guard the sample registered, so that the test sees every answer the executor gets.</summary>
    private static void RecordGuards(WebApplicationBuilder builder, ConcurrentQueue<RolloutGuardResult> checks)
    {
        var guards = builder.Services.Where(service => service.ServiceType == typeof(IRolloutGuard)).ToList();
        Assert.That(guards, Is.Not.Empty, "the sample registers a rollout guard");
        foreach (var guard in guards)
        {
            var create = guard.ImplementationFactory ?? throw new InvalidOperationException("The sample's guards are registered with factories.");
            builder.Services.Remove(guard);
            builder.Services.AddSingleton<IRolloutGuard>(services => new RecordingGuard((IRolloutGuard)create(services), checks));
        }
    }

    private sealed class RecordingGuard(IRolloutGuard inner, ConcurrentQueue<RolloutGuardResult> checks) : IRolloutGuard
    {
        public string Name => inner.Name;

        public async ValueTask<RolloutGuardResult> CheckAsync(RolloutGuardContext context, CancellationToken cancellationToken)
        {
            var result = await inner.CheckAsync(context, cancellationToken);
            if (context.Plan.FlagName == BuggyTreatmentDemo.Flag)
            {
                checks.Enqueue(result);
            }

            return result;
        }
    }
}
