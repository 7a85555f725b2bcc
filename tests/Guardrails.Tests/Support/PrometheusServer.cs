using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenFeatureAppConfig.Guardrails.Tests.Support;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>, installed by eng/install-test-prerequisites.sh) of the test's own:
/// a free loopback port, a 1 s scrape of one target, its config and storage in a temp dir. Disposing kills it and
/// removes the dir, whatever happened.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private PrometheusServer(string directory, int port)
    {
        _directory = directory;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = Endpoint };
    }

    public Uri Endpoint { get; }

    public HttpClient Http { get; }

    /// <summary>Starts Prometheus scraping <paramref name="target"/>'s <c>/metrics</c> every second.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri target)
    {
        var directory = Directory.CreateTempSubdirectory("guardrails-prometheus-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            // A free port can be taken by someone else before Prometheus binds it: try a few.
            var server = new PrometheusServer(directory, FreeLoopbackPort());
            try
            {
                await server.LaunchAsync(target);
                return server;
            }
            catch (Exception) when (attempt < 3)
            {
                server.Kill();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Kill();
        if (_process is not null)
        {
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private async Task LaunchAsync(Uri target)
    {
        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: guarded-app
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var start = new ProcessStartInfo(File.Exists("/usr/bin/prometheus") ? "/usr/bin/prometheus" : "prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(_directory, "data"),
            "--web.listen-address=" + Endpoint.Authority,
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("prometheus is not installed; run eng/install-test-prerequisites.sh.", e);
        }

        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited at start: {Output}");
            }

            try
            {
                using var ready = await Http.GetAsync("-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"prometheus was not ready within {StartTimeout.TotalSeconds} s: {Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>What Prometheus printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The sum of an instant query's samples, or null for no samples.</summary>
    public async Task<double?> QueryAsync(string query)
    {
        var body = await Http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : result.EnumerateArray().Sum(sample => double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
