using System.Text;
using System.Text.Json;
using CsCheck;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Guardrails.Tests.Fuzz;

/// <summary>Random flags and query strings against the readout endpoint of a real app: never a 5xx, always a JSON answer.</summary>
[TestFixture]
public sealed class ExperimentReadoutFuzzTests
{
    private const string PinnedSeed = "0001bWesPZB1";

    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.String[0, 20].Select(PercentEncode)),
        (2, Gen.OneOf("%ED%A0%80", "%FF", "%00", "%2e%2e", "a%20b", "%C0%AF", "%", "%%", "&", "=", "+", new string('q', 3_000))));

    private static readonly Gen<string> Flag = Gen.Frequency(
        (3, Gen.Const(ExperimentTestApp.Flag)),
        (2, Text.Where(text => text.Length > 0)));

    private static readonly Gen<string> Parameter = Gen.Frequency(
        (4, Gen.OneOf("alpha", "control")),
        (2, Gen.OneOf("alpha=0.05", "alpha=1e-300", "alpha=0.999999", "alpha=1e308", "alpha=-0", "alpha=0x10", "control=blue", "control=green", "control=orange", "control=BLUE", "alpha", "control")),
        (2, Gen.Select(Gen.OneOf("alpha", "control"), Text, (name, value) => $"{name}={value}")),
        (1, Gen.Select(Text, Text, (name, value) => $"{name}={value}")));

    private static readonly Gen<string> Path = Gen.Select(Gen.Bool, Flag, Parameter.Array[0, 4], (list, flag, parameters) =>
        (list ? "/experiments" : $"/experiments/{flag}") + (parameters.Length == 0 ? string.Empty : "?" + string.Join("&", parameters)));

    [Test]
    public async Task No_flag_or_query_gets_a_5xx_or_an_answer_that_is_not_JSON()
    {
        await using var app = await ExperimentTestApp.StartAsync(map: a => a.MapExperimentReadouts());
        foreach (var user in Enumerable.Range(0, 20))
        {
            await app.Http.GetStringAsync($"/view?user=u{user}");
        }

        await Path.SampleAsync(
            async path =>
            {
                using var response = await app.Http.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                Assert.That((int)response.StatusCode, Is.AnyOf(200, 400, 404), text);
                if (text.Length == 0 && NeverReachesTheEndpoint(path))
                {
                    Assert.That((int)response.StatusCode, Is.AnyOf(400, 404));
                    return;
                }

                Assert.DoesNotThrow(() => JsonDocument.Parse(text).Dispose(), $"the answer is JSON: {(int)response.StatusCode} {path} {text}");
            },
            seed: FuzzSettings.Seed(PinnedSeed),
            iter: FuzzSettings.Iterations(400),
            threads: 1,
            writeLine: TestContext.Out.WriteLine,
            print: path => path);
    }

    /// <summary>
    /// Kestrel refuses a NUL in the path (400) and resolves a <c>.</c> or <c>..</c> segment (leaving a path no endpoint
    /// has, 404) before routing: such requests never reach the readout.
    /// </summary>
    private static bool NeverReachesTheEndpoint(string path)
    {
        var segment = Uri.UnescapeDataString(path.Split('?')[0]["/experiments".Length..].TrimStart('/'));
        return path.Split('?')[0].Contains("%00", StringComparison.Ordinal) || segment is "." or "..";
    }

    /// <summary>Percent-encodes the UTF-8 bytes of a random string (an unpaired surrogate becomes U+FFFD, as any client would send).</summary>
    private static string PercentEncode(string text) =>
        string.Concat(Encoding.UTF8.GetBytes(text).Select(b => char.IsAsciiLetterOrDigit((char)b) ? ((char)b).ToString() : $"%{b:X2}"));
}
