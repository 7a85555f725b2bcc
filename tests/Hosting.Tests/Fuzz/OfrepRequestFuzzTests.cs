using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Ofrep;
using OpenFeatureAppConfig.Hosting.Tests.Support;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Hosting.Tests.Fuzz;

/// <summary>
/// Generated OFREP requests against a real server: random, odd and broken bodies, keys and validators. Whatever
/// arrives, the answer is never a 5xx (the flags are loaded and the provider ready) and nothing goes unhandled.
/// </summary>
public sealed class OfrepRequestFuzzTests
{
    private const string PinnedSeed = "0001bWesPZB1";

    private static readonly Gen<string> ContextName = Gen.Frequency(
        (3, Gen.OneOf("\"targetingKey\"", "\"groups\"", "\"country\"", "\"userId\"")),
        (2, FuzzJson.String));

    private static readonly Gen<string> Body = Gen.Frequency(
        (6, FuzzJson.Object(ContextName, FuzzJson.Value).Select(context => $$"""{"context":{{context}}}""")),
        (2, FuzzJson.Value.Select(context => $$"""{"context":{{context}}}""")),
        (1, FuzzJson.Value),
        (1, FuzzJson.DeepNesting.Select(nested => "{\"context\":{\"a\":" + nested + "}}")),
        (1, FuzzJson.DeepNesting),
        (1, Gen.Const(string.Empty)));

    private static readonly Gen<string> Key = Gen.Frequency(
        (4, Gen.OneOf([.. OfrepFlags.ExposedKeys, "hidden", "broken", "missing"])),
        (2, Gen.String[0, 30].Select(PercentEncode)),
        (1, Gen.OneOf("%ED%A0%80", "%FF", "%00", "..%2F..", "%2e%2e", "a%20b", "%C0%AF", new string('k', 5_000))));

    private static readonly Gen<string?> IfNoneMatch = Gen.Frequency(
        (3, Gen.Const((string?)null)),
        (1, Gen.OneOf<string?>("*", "\"abc\"", "W/\"abc\"", "\"", ",,,", "W/")),
        (1, Gen.String[Gen.Char['!', '~'], 0, 40].Select(s => (string?)s)));

    private static readonly Gen<Request> Requests = Gen.Select(
        Gen.Bool,
        Key,
        Gen.Frequency((5, Body.Select(Encoding.UTF8.GetBytes)), (2, FuzzJson.Broken(Body))),
        IfNoneMatch,
        (bulk, key, body, validator) => new Request(bulk ? "/ofrep/v1/evaluate/flags" : $"/ofrep/v1/evaluate/flags/{key}", body, validator));

    [Test]
    public async Task No_request_body_key_or_validator_gets_a_5xx_or_an_unhandled_exception()
    {
        var logs = new CollectingLoggerProvider();
        await using var server = await OfrepServer.StartAsync(
            options => options.FlagFilter = _ => true,
            configureApp: builder => builder.Logging.AddProvider(logs),
            emulatorOptions: new AppConfigurationEmulatorOptions { ValidateFeatureFlags = false });
        await server.Emulator.SetFeatureFlagAsync(Flags.MalformedTimeWindow("broken"));
        await server.RefreshUntilAsync(async () =>
        {
            using var probe = await server.EvaluateAsync("broken", new { });
            return probe.StatusCode != HttpStatusCode.NotFound;
        });

        await Requests.SampleAsync(
            async request =>
            {
                using var content = new ByteArrayContent(request.Body);
                content.Headers.ContentType = new("application/json");
                using var message = new HttpRequestMessage(HttpMethod.Post, request.Path) { Content = content };
                if (request.IfNoneMatch is not null)
                {
                    message.Headers.TryAddWithoutValidation("If-None-Match", request.IfNoneMatch);
                }

                using var response = await server.Http.SendAsync(message);
                var text = await response.Content.ReadAsStringAsync();
                Assert.That((int)response.StatusCode, Is.LessThan(500), text);
                if (text.Length > 0)
                {
                    Assert.DoesNotThrow(() => JsonDocument.Parse(text).Dispose(), $"the answer is JSON: {text}");
                }
            },
            seed: FuzzSettings.Seed(PinnedSeed),
            iter: FuzzSettings.Iterations(400),
            threads: 1,
            writeLine: TestContext.Out.WriteLine,
            print: request => $"{request.Path} If-None-Match={request.IfNoneMatch} body={Convert.ToHexString(request.Body.AsSpan(0, Math.Min(request.Body.Length, 400)))}");

        Assert.That(logs.Messages, Has.None.Contains("unhandled exception"));
    }

    /// <summary>Percent-encodes a key's UTF-8 bytes (an unpaired surrogate becomes U+FFFD, as any client would send).</summary>
    private static string PercentEncode(string key) =>
        string.Concat(Encoding.UTF8.GetBytes(key).Select(b => char.IsAsciiLetterOrDigit((char)b) ? ((char)b).ToString() : $"%{b:X2}"));

    private sealed record Request(string Path, byte[] Body, string? IfNoneMatch);
}
