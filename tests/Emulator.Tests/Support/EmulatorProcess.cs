using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OpenFeatureAppConfig.Emulator.Tests.Support;

/// <summary>
/// The standalone emulator as a child process (<c>dotnet OpenFeatureAppConfig.Emulator.dll ...</c>), optionally
/// under a file-size limit (<c>ulimit -f</c> through bash, with SIGXFSZ ignored so that a write past the limit
/// fails with EFBIG as on a full disk). Its output is collected; disposing kills it.
/// </summary>
internal sealed partial class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _connectionString = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EmulatorProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the redirected output
            _connectionString.TrySetException(new AssertionException("The emulator exited early: " + Output));
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed so far (stdout and stderr).</summary>
    public string Output => string.Join("\n", _output);

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The endpoint of the connection string it printed.</summary>
    public Uri Endpoint => new(ConnectionString.Split(';')[0]["Endpoint=".Length..]);

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>The read-write connection string it printed.</summary>
    public string ConnectionString => _connectionString.Task.Result;

    /// <summary>Starts the emulator with <paramref name="arguments"/>; with <paramref name="fileSizeLimitKiB"/>, under that file-size limit.</summary>
    public static async Task<EmulatorProcess> StartAsync(IEnumerable<string> arguments, int? fileSizeLimitKiB = null)
    {
        var emulatorDll = Path.Combine(AppContext.BaseDirectory, "OpenFeatureAppConfig.Emulator.dll");
        ProcessStartInfo start;
        if (fileSizeLimitKiB is { } limit)
        {
            start = new ProcessStartInfo("bash");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"ulimit -f {limit} && trap '' XFSZ && exec dotnet \"$@\"");
            start.ArgumentList.Add("emulator");

            // The runtime's W^X double mapping grows a memory-backed file at start, which the limit would
            // refuse ("Failed to create CoreCLR"); the emulator's own files are what the limit is for.
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }
        else
        {
            start = new ProcessStartInfo("dotnet");
        }

        start.ArgumentList.Add(emulatorDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.Start();
        var emulator = new EmulatorProcess(process);
        try
        {
            await emulator._connectionString.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }

        return emulator;
    }

    /// <summary>Waits until a printed line matches <paramref name="pattern"/>; false when none did within the time.</summary>
    public async Task<bool> WaitForOutputAsync(string pattern, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!Regex.IsMatch(Output, pattern))
        {
            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Kills the process (SIGKILL) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        var match = ConnectionStringLine().Match(line);
        if (match.Success)
        {
            _connectionString.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"^Connection string: (Endpoint=http://127\.0\.0\.1:\d+;Id=[^;]+;Secret=\S+)$")]
    private static partial Regex ConnectionStringLine();
}
