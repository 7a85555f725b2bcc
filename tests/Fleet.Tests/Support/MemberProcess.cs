using System.Diagnostics;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>A fleet member in a process of its own (this test assembly's <see cref="MemberProcessMain"/>), to kill -9.</summary>
public sealed class MemberProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<long> _leads = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MemberProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("role=Leader token=", StringComparison.Ordinal))
            {
                _leads.TrySetResult(long.Parse(line["role=Leader token=".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The fencing token once the process reported that it leads.</summary>
    public Task<long> Leads => _leads.Task;

    public static MemberProcess Start(string connectionString, string fleetName, string instance)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(MemberProcess).Assembly.Location);
        start.ArgumentList.Add("member");
        start.ArgumentList.Add(instance);
        // The environment, not the command line: the connection string holds the password.
        start.Environment[MemberProcessMain.ConnectionVariable] = connectionString;
        start.Environment[MemberProcessMain.FleetVariable] = fleetName;
        return new MemberProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>kill -9: no lease release, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
