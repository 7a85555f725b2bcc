using System.Net;
using System.Text.Json.Nodes;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Portal;

/// <summary>
/// Feature flags as any REST client sees them (signed with the tests' own HMAC signer, not the page's),
/// so a portal test checks what the page stored rather than what the page believes it stored.
/// </summary>
internal sealed class FlagStore(AppConfigurationEmulator emulator) : IDisposable
{
    public const string Prefix = ".appconfig.featureflag/";
    public const string ContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";

    private readonly ApiClient _api = ApiClient.For(emulator);

    /// <summary>One key-value as stored, or null when there is none (404).</summary>
    public async Task<JsonObject?> GetAsync(string key, string? label = null)
    {
        using var response = await _api.GetAsync(ApiClient.KeyPath(key, label));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The value (v2 schema) of feature flag <paramref name="id"/>; fails when it is not stored.</summary>
    public async Task<JsonObject> GetFlagAsync(string id, string? label = null)
    {
        var stored = await GetAsync(Prefix + id, label);
        Assert.That(stored, Is.Not.Null, $"feature flag {id} ({label ?? "no label"}) is not stored");
        Assert.That((string?)stored!["content_type"], Is.EqualTo(ContentType));
        return JsonNode.Parse((string)stored["value"]!)!.AsObject();
    }

    /// <summary>Writes a flag unconditionally, as another user or tool would.</summary>
    public Task PutFlagAsync(JsonObject flag, string? label = null) =>
        _api.PutOkAsync(Prefix + (string)flag["id"]!, flag.ToJsonString(), label, ContentType);

    /// <summary>Makes a key-value read-only (PUT /locks/{key}).</summary>
    public async Task LockAsync(string key, string? label = null)
    {
        using var response = await _api.SendAsync(HttpMethod.Put, ApiClient.KeyPath(key, label, "locks"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Deletes a key-value unconditionally.</summary>
    public async Task DeleteAsync(string key, string? label = null)
    {
        using var response = await _api.SendAsync(HttpMethod.Delete, ApiClient.KeyPath(key, label));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _api.Dispose();
}
