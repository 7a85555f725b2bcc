using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Tests.Support;

/// <summary>A thin HTTP client for the emulator's REST API over loopback, signing with <see cref="TestRequestSigner"/>.</summary>
internal sealed class ApiClient : IDisposable
{
    public const string ApiVersion = "2024-09-01";

    private ApiClient(HttpClient http, TestRequestSigner? signer)
    {
        Http = http;
        Signer = signer;
    }

    public HttpClient Http { get; }

    public TestRequestSigner? Signer { get; }

    /// <summary>A client signing with the emulator's read-write key.</summary>
    public static ApiClient For(AppConfigurationEmulator emulator, string? connectionString = null)
    {
        var signer = new TestRequestSigner(connectionString ?? emulator.ConnectionString);
        return new ApiClient(new HttpClient(signer) { BaseAddress = emulator.Endpoint }, signer);
    }

    /// <summary>A signing client whose handler sends header values as UTF-8 (HttpClient refuses non-ASCII otherwise).</summary>
    public static ApiClient WithUtf8Headers(AppConfigurationEmulator emulator, string connectionString)
    {
        var client = For(emulator, connectionString);
        client.Signer!.InnerHandler = new SocketsHttpHandler { UseProxy = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        return client;
    }

    /// <summary>A client sending no credentials at all.</summary>
    public static ApiClient Anonymous(AppConfigurationEmulator emulator) =>
        new(new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = emulator.Endpoint }, null);

    /// <summary>The escaped <c>/kv/{key}</c> path with label and api-version.</summary>
    public static string KeyPath(string key, string? label = null, string resource = "kv") =>
        $"/{resource}/{Uri.EscapeDataString(key)}?api-version={ApiVersion}" + (label is null ? string.Empty : "&label=" + Uri.EscapeDataString(label));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? json = null, Action<HttpRequestMessage>? configure = null, string contentType = "application/vnd.microsoft.appconfig.kv+json")
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        configure?.Invoke(request);
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, pathAndQuery, configure: configure);

    public Task<HttpResponseMessage> PutAsync(string key, string? value, string? label = null, string? contentType = null, IDictionary<string, string?>? tags = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Put, KeyPath(key, label), JsonSerializer.Serialize(new Dictionary<string, object?> { ["value"] = value, ["content_type"] = contentType, ["tags"] = tags ?? new Dictionary<string, string?>() }), configure);

    public async Task<JsonElement> PutOkAsync(string key, string? value, string? label = null, string? contentType = null, IDictionary<string, string?>? tags = null)
    {
        using var response = await PutAsync(key, value, label, contentType, tags);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await ReadJsonAsync(response);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The keys of a listing page's items.</summary>
    public static string[] KeysOf(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!)];

    public void Dispose() => Http.Dispose();
}
