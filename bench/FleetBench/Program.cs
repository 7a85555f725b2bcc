using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/FleetBench -- [options]</c> runs the fleet benchmark and
/// prints its tables (Markdown); <c>member</c> is the leader's child process (<see cref="LeaderProcess"/>).
/// Ctrl+C or SIGTERM cancels the run; every redis-server, child process and temp folder is removed on the way out.
/// </summary>
public static class FleetBenchProgram
{
    /// <summary>Runs the benchmark, or one member when the first argument is <c>member</c>.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["member"])
        {
            return await LeaderProcess.RunMemberAsync();
        }

        if (args is ["--help"] or ["-h"])
        {
            await Console.Out.WriteLineAsync(BenchSettings.Usage);
            return 0;
        }

        BenchSettings settings;
        try
        {
            settings = BenchSettings.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + BenchSettings.Usage);
            return 2;
        }

        // Not disposed: the exit handler below may still use them after Main returned.
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        // Should the runtime exit anyway (SIGTERM is seen to end the process here despite Cancel), hold the exit
        // until the run has stopped its redis-server and child process.
        var stopped = new ManualResetEventSlim();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!stopped.IsSet)
            {
                cancel.Cancel();
                stopped.Wait(TimeSpan.FromSeconds(30));
            }
        };

        var clock = Stopwatch.StartNew();
        var loadAtStart = LoadAverage();
        void Log(string message) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {message}");
        var scenario = new FleetScenario(settings, Log);
        var results = new List<SizeResult>();
        try
        {
            for (var i = 0; i < settings.Sizes.Count; i++)
            {
                results.Add(await scenario.RunAsync(settings.Sizes[i], settings.SlowInterval && i == 0, cancel.Token));
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Log("cancelled; everything started was stopped");
            return 130;
        }
        finally
        {
            stopped.Set();
        }

        Console.Out.WriteLine(
            $"Fleet benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {clock.Elapsed.TotalMinutes:N1} min; " +
            $"load average at the start {loadAtStart}, at the end {LoadAverage()}");
        foreach (var result in results)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine(result.ToMarkdown());
        }

        return 0;
    }

    /// <summary>The machine's 1/5/15-minute load averages: the cores are shared, this says how much.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
