using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// The first instance of a fleet, in a process of its own (this program with <c>member</c>), so that it can be
/// killed like a crashed pod: SIGKILL, no lease release. It starts first and so becomes the leader. It exits by
/// itself when the benchmark goes away (its standard input closes).
/// </summary>
internal sealed class LeaderProcess : IAsyncDisposable
{
    private const string StoreVariable = "FLEETBENCH_STORE";
    private const string RedisVariable = "FLEETBENCH_REDIS";
    private const string IntervalVariable = "FLEETBENCH_INTERVAL_MS";
    private readonly Process _process;

    private LeaderProcess(Process process) => _process = process;

    public static LeaderProcess Start(InstanceSpec spec)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(LeaderProcess).Assembly.Location);
        }

        start.ArgumentList.Add("member");
        // The environment, not the command line: the connection strings hold secrets.
        start.Environment[StoreVariable] = spec.StoreConnectionString;
        start.Environment[RedisVariable] = spec.RedisConnectionString;
        start.Environment[IntervalVariable] = ((long)spec.Interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The leader process did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine("leader process: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LeaderProcess(process);
    }

    /// <summary>The child side: one instance, running until its standard input closes.</summary>
    public static async Task<int> RunMemberAsync()
    {
        var spec = new InstanceSpec(
            Environment.GetEnvironmentVariable(StoreVariable) ?? throw new InvalidOperationException($"{StoreVariable} is not set."),
            Environment.GetEnvironmentVariable(RedisVariable),
            TimeSpan.FromMilliseconds(long.Parse(Environment.GetEnvironmentVariable(IntervalVariable) ?? "1000", CultureInfo.InvariantCulture)));
        using var host = await AppInstance.StartHostAsync(spec, CancellationToken.None);
        Console.Out.WriteLine("ready");
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await host.StopAsync();
        return 0;
    }

    /// <summary>SIGKILL: the lease stays in Redis until it expires.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
