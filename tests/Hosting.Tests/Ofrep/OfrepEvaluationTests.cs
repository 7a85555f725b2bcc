using System.Net;
using System.Text.Json.Nodes;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Hosting.Tests.Ofrep;

/// <summary>Single and bulk OFREP evaluation over HTTP: values, reasons, variants, metadata and error answers.</summary>
public sealed class OfrepEvaluationTests
{
    private static void ExposeAllButHidden(OfrepOptions options) => options.FlagFilter = key => key != "hidden";

    private static object Context(string? targetingKey, params (string Name, object Value)[] attributes)
    {
        var context = new Dictionary<string, object>();
        if (targetingKey is not null)
        {
            context["targetingKey"] = targetingKey;
        }

        foreach (var (name, value) in attributes)
        {
            context[name] = value;
        }

        return new { context };
    }

    [Test]
    public async Task Nothing_is_exposed_until_the_app_opts_in()
    {
        await using var server = await OfrepServer.StartAsync(_ => { });

        using var single = await server.EvaluateAsync("new_checkout", Context("alice"));
        using var bulk = await server.EvaluateAllAsync(Context("alice"));

        Assert.That(single.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var notFound = await OfrepServer.ReadObjectAsync(single);
        Assert.That(notFound["errorCode"]!.GetValue<string>(), Is.EqualTo("FLAG_NOT_FOUND"));
        Assert.That(notFound["key"]!.GetValue<string>(), Is.EqualTo("new_checkout"));
        Assert.That(bulk.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OfrepServer.ReadObjectAsync(bulk))["flags"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task A_boolean_flag_answers_its_enabled_state_and_reason()
    {
        await using var server = await OfrepServer.StartAsync(options => options.Flags.Add("new_checkout"));

        using var response = await server.EvaluateAsync("new_checkout", Context("bob"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        var body = await OfrepServer.ReadObjectAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(body["key"]!.GetValue<string>(), Is.EqualTo("new_checkout"));
            Assert.That(body["value"]!.GetValue<bool>(), Is.True);
            Assert.That(body["reason"]!.GetValue<string>(), Is.EqualTo("STATIC"));
            Assert.That(body["metadata"], Is.InstanceOf<JsonObject>());
        });
    }

    [TestCase("alice", true)]
    [TestCase("bob", false)]
    public async Task A_targeted_flag_answers_per_targeting_key(string user, bool expected)
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);

        using var response = await server.EvaluateAsync("beta", Context(user));

        var body = await OfrepServer.ReadObjectAsync(response);
        Assert.That(body["value"]!.GetValue<bool>(), Is.EqualTo(expected));
        Assert.That(body["reason"]!.GetValue<string>(), Is.EqualTo("TARGETING_MATCH"));
    }

    [Test]
    public async Task Groups_in_the_context_reach_targeting()
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);

        using var tester = await server.EvaluateAsync("beta", Context("carol", ("groups", new[] { "testers" })));
        using var gold = await server.EvaluateAsync("limits", Context("carol", ("groups", new[] { "gold" })));

        Assert.That((await OfrepServer.ReadObjectAsync(tester))["value"]!.GetValue<bool>(), Is.True);
        var limits = await OfrepServer.ReadObjectAsync(gold);
        Assert.That(limits["variant"]!.GetValue<string>(), Is.EqualTo("large"));
        Assert.That(JsonNode.DeepEquals(limits["value"], JsonNode.Parse("""{"max":10,"tier":"gold"}""")), Is.True, limits.ToJsonString());
    }

    [TestCase("alice", "green")]
    [TestCase("bob", "blue")]
    public async Task A_variant_flag_answers_the_assigned_variant_value(string user, string colour)
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);

        using var response = await server.EvaluateAsync("button_color", Context(user));

        var body = await OfrepServer.ReadObjectAsync(response);
        Assert.That(body["value"]!.GetValue<string>(), Is.EqualTo(colour));
        Assert.That(body["variant"]!.GetValue<string>(), Is.EqualTo(colour));
    }

    [Test]
    public async Task A_variant_flag_with_no_assignment_leaves_the_value_to_the_callers_code_default()
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);

        using var response = await server.EvaluateAsync("unallocated", Context("alice"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await OfrepServer.ReadObjectAsync(response);
        Assert.That(body.ContainsKey("value"), Is.False, body.ToJsonString());
        Assert.That(body["reason"]!.GetValue<string>(), Is.EqualTo("DEFAULT"));
    }

    [Test]
    public async Task A_hidden_flag_is_answered_like_a_missing_one()
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);

        using var hidden = await server.EvaluateAsync("hidden", Context("alice"));
        using var missing = await server.EvaluateAsync("no_such_flag", Context("alice"));

        Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var hiddenBody = await OfrepServer.ReadObjectAsync(hidden);
        var missingBody = await OfrepServer.ReadObjectAsync(missing);
        Assert.That(hiddenBody["errorCode"]!.GetValue<string>(), Is.EqualTo(missingBody["errorCode"]!.GetValue<string>()).And.EqualTo("FLAG_NOT_FOUND"));
    }

    [Test]
    public async Task An_empty_body_evaluates_with_an_empty_context()
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);

        using var response = await server.Http.PostAsync("/ofrep/v1/evaluate/flags/beta", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await OfrepServer.ReadObjectAsync(response))["value"]!.GetValue<bool>(), Is.False);
    }

    [TestCase("not json", "PARSE_ERROR", "not JSON")]
    [TestCase("[1,2]", "PARSE_ERROR", "must be a JSON object")]
    [TestCase("""{"context":[1]}""", "INVALID_CONTEXT", "'context' must be a JSON object, not an array")]
    [TestCase("""{"context":{"targetingKey":42}}""", "INVALID_CONTEXT", "'context.targetingKey' must be a string, not a number")]
    public async Task A_malformed_request_is_a_400_naming_what_is_wrong(string body, string errorCode, string details)
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);

        using var single = await server.Http.PostAsync("/ofrep/v1/evaluate/flags/beta", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        using var bulk = await server.Http.PostAsync("/ofrep/v1/evaluate/flags", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(single.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(bulk.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var singleBody = await OfrepServer.ReadObjectAsync(single);
        var bulkBody = await OfrepServer.ReadObjectAsync(bulk);
        Assert.Multiple(() =>
        {
            Assert.That(singleBody["key"]!.GetValue<string>(), Is.EqualTo("beta"));
            Assert.That(singleBody["errorCode"]!.GetValue<string>(), Is.EqualTo(errorCode));
            Assert.That(singleBody["errorDetails"]!.GetValue<string>(), Does.Contain(details));
            Assert.That(bulkBody.ContainsKey("key"), Is.False);
            Assert.That(bulkBody["errorCode"]!.GetValue<string>(), Is.EqualTo(errorCode));
        });
    }

    [Test]
    public async Task A_percentage_rollout_answers_every_user_as_the_server_client_does()
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);
        var answers = new List<bool>();

        foreach (var user in Enumerable.Range(0, 200).Select(i => $"user-{i}"))
        {
            using var response = await server.EvaluateAsync("rollout", Context(user));
            var remote = (await OfrepServer.ReadObjectAsync(response))["value"]!.GetValue<bool>();
            var local = await server.Client.GetBooleanValueAsync("rollout", !remote, EvaluationContext.Builder().SetTargetingKey(user).Build());
            Assert.That(remote, Is.EqualTo(local), user);
            answers.Add(remote);
        }

        Assert.That(answers, Does.Contain(true).And.Contain(false), "a 50 % rollout splits 200 users");
    }

    [Test]
    public async Task Bulk_evaluation_answers_every_exposed_flag_as_the_server_client_does()
    {
        await using var server = await OfrepServer.StartAsync(ExposeAllButHidden);

        using var response = await server.EvaluateAllAsync(Context("alice"));

        var flags = (await OfrepServer.ReadObjectAsync(response))["flags"]!.AsArray().Select(f => f!.AsObject()).ToDictionary(f => f["key"]!.GetValue<string>());
        Assert.That(flags.Keys, Is.EqualTo(OfrepFlags.ExposedKeys));
        var alice = EvaluationContext.Builder().SetTargetingKey("alice").Build();
        Assert.Multiple(async () =>
        {
            Assert.That(flags["beta"]["value"]!.GetValue<bool>(), Is.EqualTo(await server.Client.GetBooleanValueAsync("beta", false, alice)));
            Assert.That(flags["new_checkout"]["value"]!.GetValue<bool>(), Is.EqualTo(await server.Client.GetBooleanValueAsync("new_checkout", false, alice)));
            Assert.That(flags["button_color"]["value"]!.GetValue<string>(), Is.EqualTo(await server.Client.GetStringValueAsync("button_color", "none", alice)));
            Assert.That(flags["limits"]["value"]!["max"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(flags["unallocated"].ContainsKey("value"), Is.False);
        });
    }
}
