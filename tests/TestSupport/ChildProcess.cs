using System.Diagnostics;
using System.Text;

namespace OpenFeatureAppConfig.TestSupport;

/// <summary>
/// A program the test starts: what it prints is captured, and disposing it kills its whole process tree, so a
/// failing test leaves nothing running.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource<string>? _lineWaiter;
    private string? _marker;

    private ChildProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    /// <summary>The program and its arguments, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>Everything printed so far, standard output then standard error.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return $"stdout:\n{_stdout}\nstderr:\n{_stderr}";
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var child = new ChildProcess(process, $"{fileName} {string.Join(' ', start.ArgumentList)}");
        process.OutputDataReceived += (_, e) => child.Received(e.Data, child._stdout);
        process.ErrorDataReceived += (_, e) => child.Received(e.Data, child._stderr);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a program to its end within <paramref name="timeout"/> and returns its exit code and output.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IDictionary<string, string>? environment,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        await using var child = Start(fileName, arguments, workingDirectory, environment);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await child._process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{child.CommandLine} did not finish within {timeout}.\n{child.Output}");
        }

        // WaitForExitAsync returns before the redirected streams are drained; this call waits for them.
        child._process.WaitForExit();
        lock (child._gate)
        {
            return new ProcessResult(child._process.ExitCode, child._stdout.ToString(), child._stderr.ToString());
        }
    }

    /// <summary>
    /// Waits until the program prints a line holding <paramref name="marker"/> (on standard output) and returns the
    /// rest of that line after the marker. Fails if the program exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<string> WaitForLineAsync(string marker, TimeSpan timeout)
    {
        Task<string> line;
        lock (_gate)
        {
            foreach (var printed in _stdout.ToString().Split('\n'))
            {
                if (AfterMarker(printed.TrimEnd('\r'), marker) is { } rest)
                {
                    return rest;
                }
            }

            _marker = marker;
            _lineWaiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            line = _lineWaiter.Task;
        }

        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(line, exited, Task.Delay(timeout));
        if (finished == line)
        {
            return await line;
        }

        throw new InvalidOperationException(
            (finished == exited ? $"{CommandLine} exited ({_process.ExitCode})" : $"{CommandLine} printed nothing in {timeout}")
            + $" before a line with '{marker}'.\n{Output}");
    }

    /// <summary>Kills the program and everything it started, if still running.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
    }

    private void Received(string? line, StringBuilder into)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            into.AppendLine(line);
            if (into == _stdout && _lineWaiter is not null && _marker is not null && AfterMarker(line, _marker) is { } rest)
            {
                _lineWaiter.TrySetResult(rest);
                _lineWaiter = null;
            }
        }
    }

    private static string? AfterMarker(string line, string marker)
    {
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : line[(at + marker.Length)..];
    }
}

/// <summary>What a finished process printed, and its exit code.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
