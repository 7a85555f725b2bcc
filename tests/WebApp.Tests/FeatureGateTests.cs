using System.Net;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>The <c>[FeatureGate("beta_dashboard")]</c> controller and the sign-in switch that shows targeting.</summary>
public sealed class FeatureGateTests
{
    [TestCase("alice", "", HttpStatusCode.OK, Description = "a targeted user")]
    [TestCase("carol", "beta-testers", HttpStatusCode.OK, Description = "a member of a targeted group")]
    [TestCase("bob", "", HttpStatusCode.Forbidden, Description = "anyone else")]
    public async Task The_beta_dashboard_is_open_only_to_targeted_users_and_groups(string user, string groups, HttpStatusCode expected)
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();
        await SampleFactory.SignInAsync(client, user, groups);

        using var response = await client.GetAsync("/beta");

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        var page = await response.Content.ReadAsStringAsync();
        Assert.That(page, expected == HttpStatusCode.OK
            ? Does.Contain("id=\"beta-dashboard\"").And.Contain($"Welcome to the beta, {user}")
            : Does.Contain("id=\"feature-disabled\"").And.Contain($"beta_dashboard is not enabled for {user}"));
    }

    [Test]
    public async Task An_anonymous_visitor_gets_the_disabled_response_and_no_beta_link()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/beta");
        var home = await client.GetStringAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(home, Does.Not.Contain("id=\"beta-link\""));
        Assert.That(home, Does.Contain("id=\"signin-link\""));
    }

    [Test]
    public async Task The_feature_tag_helper_agrees_with_the_gate_for_the_signed_in_user()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();
        await SampleFactory.SignInAsync(client, "alice");

        var home = await client.GetStringAsync("/");

        Assert.That(home, Does.Contain("id=\"beta-link\"").And.Contain("Signed in as <strong>alice</strong>"));
    }

    [Test]
    public async Task Signing_in_without_a_name_is_refused_with_a_message()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();

        var form = await client.GetStringAsync("/account/signin");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = " ",
        }));

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Enter a user name."));
        Assert.That(await client.GetStringAsync("/"), Does.Contain("id=\"signin-link\""));
    }
}
