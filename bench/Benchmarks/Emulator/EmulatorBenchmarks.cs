using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Emulator.Auth;

namespace OpenFeatureAppConfig.Benchmarks.Emulator;

/// <summary>
/// The emulator over loopback with HMAC-signed requests: conditional list requests (the polling a
/// configuration provider does; answered 304), and listing a store of 10,000 key-values page by page.
/// Run: <c>dotnet run -c Release --project bench/Benchmarks -- --filter '*EmulatorBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class EmulatorBenchmarks
{
    private const int StoreSize = 10_000;
    private const int ParallelClients = 8;
    private const int RequestsPerClient = 16;
    private const string FirstPage = "/kv?key=*&label=%00&api-version=2024-09-01";

    private readonly WireByteCounter _wire = new();
    private AppConfigurationEmulator _emulator = null!;
    private HttpClient _client = null!;
    private EntityTagHeaderValue _firstPageETag = null!;

    /// <summary>Starts an in-memory emulator holding 10,000 key-values and reads the first page's etag.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await AppConfigurationEmulator.StartAsync();
        for (var i = 0; i < StoreSize; i++)
        {
            await _emulator.SetKeyValueAsync($"settings:section{i / 100:D3}:key{i % 100:D2}", "value " + i);
        }

        _client = new HttpClient(HmacRequestSigner.FromConnectionString(_emulator.ConnectionString, _wire.CreateHandler()))
        {
            BaseAddress = _emulator.Endpoint,
        };
        using var first = await _client.GetAsync(FirstPage);
        first.EnsureSuccessStatusCode();
        _firstPageETag = first.Headers.ETag!;

        // Report the size of a 304 on the wire once (status line and headers; the body is empty).
        _wire.Reset();
        using var notModified = await SendConditionalAsync();
        Console.WriteLine($"// Bytes per 304 on the wire: {_wire.Received} (body {(await notModified.Content.ReadAsByteArrayAsync()).Length})");
        _wire.Reset();
        using var full = await _client.GetAsync(FirstPage);
        await full.Content.ReadAsByteArrayAsync();
        Console.WriteLine($"// Bytes per full first page (100 items) on the wire: {_wire.Received}");
    }

    /// <summary>Stops the emulator.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    /// <summary>One conditional list request answered 304, sequentially.</summary>
    [Benchmark]
    public async Task<HttpStatusCode> ConditionalListRequest()
    {
        using var response = await SendConditionalAsync();
        return response.StatusCode == HttpStatusCode.NotModified ? response.StatusCode : throw new InvalidOperationException("Expected 304, got " + response.StatusCode);
    }

    /// <summary>Conditional list requests from 8 concurrent clients; the time reported is per request.</summary>
    [Benchmark(OperationsPerInvoke = ParallelClients * RequestsPerClient)]
    public async Task ConditionalListRequests_8Concurrent()
    {
        var workers = new Task[ParallelClients];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < RequestsPerClient; i++)
                {
                    using var response = await SendConditionalAsync();
                    if (response.StatusCode != HttpStatusCode.NotModified)
                    {
                        throw new InvalidOperationException("Expected 304, got " + response.StatusCode);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
    }

    /// <summary>Lists all 10,000 key-values, following <c>@nextLink</c> through 100 pages.</summary>
    [Benchmark]
    public async Task<int> List10000KeyValues()
    {
        var count = 0;
        string? next = FirstPage;
        while (next is not null)
        {
            using var response = await _client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            using var page = await JsonDocument.ParseAsync(body);
            count += page.RootElement.GetProperty("items").GetArrayLength();
            next = page.RootElement.TryGetProperty("@nextLink", out var link) ? link.GetString() : null;
        }

        return count == StoreSize ? count : throw new InvalidOperationException($"Listed {count} key-values, expected {StoreSize}.");
    }

    private Task<HttpResponseMessage> SendConditionalAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, FirstPage);
        request.Headers.IfNoneMatch.Add(_firstPageETag);
        return _client.SendAsync(request);
    }
}
