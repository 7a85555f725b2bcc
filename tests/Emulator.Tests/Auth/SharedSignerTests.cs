using System.Net;
using OpenFeatureAppConfig.Emulator.Auth;

namespace OpenFeatureAppConfig.Emulator.Tests.Auth;

/// <summary>The emulator's own signer (for benchmarks and tools) produces requests the emulator accepts.</summary>
public class SharedSignerTests
{
    [Test]
    public async Task The_internal_signer_signs_requests_the_emulator_accepts_including_bodies()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient(HmacRequestSigner.FromConnectionString(emulator.ConnectionString)) { BaseAddress = emulator.Endpoint };

        using var put = await http.PutAsync("/kv/a%2Fb?label=%00&api-version=1.0", new StringContent("""{"value":"x"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        using var list = await http.GetAsync("/kv?key=a%2F*&api-version=1.0");
        Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
