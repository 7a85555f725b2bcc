using System.Net;
using System.Text.RegularExpressions;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.Hosting;

/// <summary>Runs the emulator as its own process, the way <c>dotnet run --project src/Emulator</c> does.</summary>
public class StandaloneProcessTests
{
    [Test]
    public async Task The_standalone_emulator_prints_its_endpoint_and_connection_string_and_serves_the_seed()
    {
        using var folder = new TempFolder();
        var seed = folder.File("flags.json");
        await File.WriteAllTextAsync(seed, """{"feature_management":{"feature_flags":[{"id":"Beta","enabled":true}]}}""");
        await using var process = await EmulatorProcess.StartAsync(["--port", "0", "--seed", seed, "--data", folder.File("data")]);

        using var signer = new TestRequestSigner(process.ConnectionString);
        using var http = new HttpClient(signer) { BaseAddress = process.Endpoint };
        using var response = await http.GetAsync("/kv?key=.appconfig.featureflag%2F*&api-version=1.0");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ApiClient.KeysOf(await ApiClient.ReadJsonAsync(response)), Is.EqualTo(new[] { ".appconfig.featureflag/Beta" }));
    }

    [Test]
    public async Task SIGTERM_stops_the_standalone_emulator_cleanly_and_its_data_survives()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var connectionString = await StartAndWriteAsync(data, write: true);
        var again = await StartAndWriteAsync(data, write: false);
        Assert.That(again, Is.EqualTo(connectionString), "the access keys are kept in the data folder");
    }

    // Starts the emulator on the data folder, writes or checks a key-value, stops it with SIGTERM.
    private static async Task<string> StartAndWriteAsync(string data, bool write)
    {
        await using var process = await EmulatorProcess.StartAsync(["--port", "0", "--data", data]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using (var signer = new TestRequestSigner(process.ConnectionString))
        using (var http = new HttpClient(signer) { BaseAddress = process.Endpoint })
        {
            if (write)
            {
                using var put = await http.PutAsync("/kv/survivor?api-version=1.0", new StringContent("""{"value":"still here"}""", System.Text.Encoding.UTF8, "application/json"));
                Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
            else
            {
                using var get = await http.GetAsync("/kv/survivor?api-version=1.0");
                Assert.That((await ApiClient.ReadJsonAsync(get)).GetProperty("value").GetString(), Is.EqualTo("still here"));
            }
        }

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
            Assert.That(kill.ExitCode, Is.Zero, "kill -TERM");
        }

        Assert.That(await process.WaitForExitAsync(timeout.Token), Is.Zero, "a clean stop");
        return Regex.Replace(process.ConnectionString, @"Endpoint=[^;]+;", string.Empty);
    }
}
