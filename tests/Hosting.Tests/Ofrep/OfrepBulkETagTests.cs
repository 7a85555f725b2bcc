using System.Net;

namespace OpenFeatureAppConfig.Hosting.Tests.Ofrep;

/// <summary>Bulk evaluation's entity tag: 304 while nothing changed for the context, a new tag once a flag does.</summary>
public sealed class OfrepBulkETagTests
{
    private static readonly object Alice = new { context = new { targetingKey = "alice" } };
    private static readonly object Bob = new { context = new { targetingKey = "bob" } };

    [Test]
    public async Task A_matching_If_None_Match_is_answered_304_with_the_same_tag()
    {
        await using var server = await OfrepServer.StartAsync(options => options.FlagFilter = _ => true);

        using var first = await server.EvaluateAllAsync(Alice);
        var etag = first.Headers.ETag!.ToString();
        using var again = await server.EvaluateAllAsync(Alice, etag);
        using var weak = await server.EvaluateAllAsync(Alice, "W/" + etag);
        using var listed = await server.EvaluateAllAsync(Alice, "\"other\", " + etag);

        Assert.That(etag, Does.StartWith("\"").And.EndWith("\""));
        Assert.Multiple(async () =>
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(again.Headers.ETag!.ToString(), Is.EqualTo(etag));
            Assert.That(await again.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(weak.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
            Assert.That(listed.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        });
    }

    [Test]
    public async Task Another_context_with_other_answers_gets_another_tag_and_a_full_answer()
    {
        await using var server = await OfrepServer.StartAsync(options => options.FlagFilter = _ => true);

        using var alice = await server.EvaluateAllAsync(Alice);
        using var bob = await server.EvaluateAllAsync(Bob, alice.Headers.ETag!.ToString());

        Assert.That(bob.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(bob.Headers.ETag!.ToString(), Is.Not.EqualTo(alice.Headers.ETag!.ToString()));
    }

    [Test]
    public async Task A_toggle_in_the_store_changes_the_tag_after_refresh()
    {
        await using var server = await OfrepServer.StartAsync(options => options.FlagFilter = _ => true);
        using var before = await server.EvaluateAllAsync(Bob);
        var etag = before.Headers.ETag!.ToString();

        await server.Emulator.SetFeatureFlagAsync("""{"id":"new_checkout","enabled":false,"description":"The redesigned checkout"}""");
        HttpResponseMessage? after = null;
        await server.RefreshUntilAsync(async () =>
        {
            after?.Dispose();
            after = await server.EvaluateAllAsync(Bob, etag);
            return after.StatusCode != HttpStatusCode.NotModified;
        });

        using (after)
        {
            Assert.That(after!.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after.Headers.ETag!.ToString(), Is.Not.EqualTo(etag));
            var flags = (await OfrepServer.ReadObjectAsync(after))["flags"]!.AsArray();
            var checkout = flags.Single(f => f!["key"]!.GetValue<string>() == "new_checkout")!;
            Assert.That(checkout["value"]!.GetValue<bool>(), Is.False);
            Assert.That(checkout["reason"]!.GetValue<string>(), Is.EqualTo("DISABLED"));
        }
    }
}
