using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.Samples.WebApp.Flags;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// The sample in memory (TestServer). Typed by one of the sample's own types: the emulator's assembly has a
/// <c>Program</c> too.
/// </summary>
/// <remarks>
/// WebApplicationFactory captures the first host built once the entry point runs, and the sample's embedded
/// emulator is a host of its own, built first. So these tests start the sample's seeded emulator themselves and
/// hand its connection string over (the sample's "configured store" path); the end-to-end browser test runs the
/// embedded default on a real port.
/// </remarks>
internal sealed partial class SampleFactory(IReadOnlyDictionary<string, string?> settings, EmbeddedFlagStore? store) : WebApplicationFactory<FlagSource>
{
    /// <summary>The emulator holding the sample's flags, when the sample runs on one.</summary>
    public EmbeddedFlagStore Store => store ?? throw new InvalidOperationException("This sample runs without an emulator.");

    /// <summary>Starts an emulator seeded like the embedded one and the sample over it.</summary>
    public static async Task<SampleFactory> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var store = await EmbeddedFlagStore.StartAsync();
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:AppConfig"] = store.Emulator.ConnectionString,
        };
        return new SampleFactory(all, store);
    }

    /// <summary>The sample with these settings only (e.g. <c>flags</c>).</summary>
    public static SampleFactory WithSettings(IReadOnlyDictionary<string, string?> settings) => new(settings, null);

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (ChannelClosedException)
        {
            // The factory stops the host while the sample's own app.Run() stops it too, at the same moment; the
            // official OpenFeature SDK's Api.ShutdownAsync is not safe against that second, concurrent call (it
            // completes its event channel twice). The first stop went through; only the second one failed.
        }

        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Signs <paramref name="client"/> in through the sample's sign-in form (with its antiforgery token).</summary>
    public static async Task SignInAsync(HttpClient client, string userName, string groups = "")
    {
        var form = await client.GetStringAsync("/account/signin");
        var token = AntiforgeryToken().Match(form);
        Assert.That(token.Success, Is.True, "the sign-in form has an antiforgery token");
        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token.Groups[1].Value,
            ["userName"] = userName,
            ["groups"] = groups,
        }));
        Assert.That(response.IsSuccessStatusCode, Is.True, $"sign-in answered {(int)response.StatusCode}");
    }

    /// <summary>The antiforgery token field of the sample's forms; group 1 is the token.</summary>
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();
}
