using System.Net;

namespace OpenFeatureAppConfig.Emulator.Tests.Portal;

/// <summary>
/// The portal page opened with <c>?readout=</c>: only loopback http(s) readout URLs join the page's
/// <c>connect-src</c>, so a crafted link cannot make the page talk to another machine.
/// </summary>
[TestFixture]
public sealed class PortalReadoutSourceTests
{
    [TestCase("http://127.0.0.1:5000/experiments/button_color", "connect-src 'self' http://127.0.0.1:5000;")]
    [TestCase("https://localhost:7001/experiments/x", "connect-src 'self' https://localhost:7001;")]
    [TestCase("http://LOCALHOST/experiments/x", "connect-src 'self' http://localhost;")]
    [TestCase("http://192.0.2.1/experiments/x", "connect-src 'self';")]
    [TestCase("http://127.0.0.1.example/x", "connect-src 'self';")]
    [TestCase("http://user:secret@127.0.0.1:5000/x", "connect-src 'self';")]
    [TestCase("ftp://127.0.0.1/x", "connect-src 'self';")]
    [TestCase("javascript:alert(1)", "connect-src 'self';")]
    [TestCase("http://127.0.0.1:5000/x; script-src *", "connect-src 'self' http://127.0.0.1:5000;")]
    [TestCase("http://[::1]:5000/x", "connect-src 'self';")]
    [TestCase("not a url", "connect-src 'self';")]
    public async Task Only_loopback_readouts_join_the_connect_sources(string readout, string expected)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(emulator.Endpoint, "/?readout=" + Uri.EscapeDataString(readout)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var policy = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.That(policy, Does.Contain(expected));
        Assert.That(policy, Does.Contain("script-src 'self';"), "nothing in the query reaches another directive");
    }

    [Test]
    public async Task Several_readouts_are_allowed_once_each_and_assets_never_get_them()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var http = new HttpClient();
        var query = string.Join("&", new[] { "http://127.0.0.1:5000/a", "http://127.0.0.1:5000/b", "http://localhost:6000/c" }.Select(u => "readout=" + Uri.EscapeDataString(u)));
        using var page = await http.GetAsync(new Uri(emulator.Endpoint, "/?" + query));
        using var asset = await http.GetAsync(new Uri(emulator.Endpoint, "/portal/assets/experiments.js?" + query));

        Assert.That(string.Join(",", page.Headers.GetValues("Content-Security-Policy")), Does.Contain("connect-src 'self' http://127.0.0.1:5000 http://localhost:6000;"));
        Assert.That(string.Join(",", asset.Headers.GetValues("Content-Security-Policy")), Does.Contain("connect-src 'self';"));
    }
}
