using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>
/// A real <c>redis-server</c> of the test's own, on a free loopback port, with a password, nothing persisted and
/// its working folder in a temp dir. <see cref="KillAsync"/> kills it (SIGKILL) and <see cref="RestartAsync"/>
/// starts it again on the same port, empty. Disposing stops it and removes the folder, whatever happened.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly string _directory;
    private Process? _process;

    private RedisServer(int port, string password, string directory)
    {
        Port = port;
        Password = password;
        _directory = directory;
    }

    public int Port { get; }

    public string Password { get; }

    /// <summary>A StackExchange.Redis connection string with the password, and short timeouts for outage tests.</summary>
    public string ConnectionString =>
        $"127.0.0.1:{Port},password={Password},abortConnect=false,connectTimeout=1000,syncTimeout=2000,asyncTimeout=2000,connectRetry=1";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("fleet-redis-").FullName;
        var password = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        // A free port can be taken by someone else before redis binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(FreeLoopbackPort(), password, directory);
            try
            {
                await server.LaunchAsync();
                return server;
            }
            catch (Exception) when (attempt < 3)
            {
                await server.StopProcessAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>kill -9: no shutdown, no goodbye to clients.</summary>
    public async Task KillAsync() => await StopProcessAsync();

    /// <summary>Starts the server again on the same port (its data is gone, like after a crash without persistence).</summary>
    public async Task RestartAsync()
    {
        await StopProcessAsync();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await LaunchAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The port may still be held for a moment after the kill.
                await StopProcessAsync();
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", string.Empty, "--appendonly", "no", "--dir", _directory,
            "--requirepass", Password, "--daemonize", "no", "--loglevel", "warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed; run eng/install-test-prerequisites.sh.", e);
        }

        _process = process;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start (port {Port}).");
            }

            try
            {
                if (await PingAsync())
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"redis-server did not answer on port {Port} within {StartTimeout}.");
            }

            await Task.Delay(50);
        }
    }

    private async Task<bool> PingAsync()
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {Password}\r\nPING\r\n"), timeout.Token);
        var answer = new StringBuilder();
        var buffer = new byte[256];
        while (!answer.ToString().Contains("+PONG", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                return false;
            }

            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return true;
    }

    private async Task StopProcessAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // SIGKILL on Linux
            }

            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
