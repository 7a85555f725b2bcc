using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

public class ConnectionStringTests
{
    private const string Secret = "c2VjcmV0LWtleS1ieXRlcy0xMjM0NQ==";

    [Test]
    public void Parses_endpoint_id_and_secret_in_any_order_and_case()
    {
        var parsed = AppConfigurationConnectionString.Parse($"id=abc;SECRET={Secret};Endpoint=https://x.azconfig.io/");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Endpoint, Is.EqualTo(new Uri("https://x.azconfig.io")));
            Assert.That(parsed.Id, Is.EqualTo("abc"));
            Assert.That(parsed.Secret, Is.EqualTo(Convert.FromBase64String(Secret)));
        });
    }

    [Test]
    public void Keeps_a_non_default_port()
    {
        var parsed = AppConfigurationConnectionString.Parse($"Endpoint=http://127.0.0.1:8483;Id=abc;Secret={Secret}");

        Assert.That(parsed.Endpoint.Authority, Is.EqualTo("127.0.0.1:8483"));
    }

    [Test]
    public void ToString_masks_the_secret()
    {
        var parsed = AppConfigurationConnectionString.Parse($"Endpoint=https://x.azconfig.io;Id=abc;Secret={Secret}");

        Assert.That(parsed.ToString(), Does.Not.Contain(Secret).And.Contain("Secret=***"));
    }

    [TestCase("", "empty")]
    [TestCase("Endpoint=https://x.azconfig.io;Id=abc", "no Secret")]
    [TestCase("Endpoint=https://x.azconfig.io;Secret=" + Secret, "no Id")]
    [TestCase("Id=abc;Secret=" + Secret, "no Endpoint")]
    [TestCase("Endpoint=not a uri;Id=abc;Secret=" + Secret, "Endpoint 'not a uri'")]
    [TestCase("Endpoint=ftp://x;Id=abc;Secret=" + Secret, "not an absolute http or https URI")]
    [TestCase("Endpoint=https://x.azconfig.io;Id=abc;Secret=" + Secret + ";Secret=" + Secret, "Secret more than once")]
    [TestCase("Endpoint=https://x.azconfig.io;Id=abc;Key=" + Secret, "segment 3 is not Endpoint, Id or Secret")]
    [TestCase("Endpoint=https://x.azconfig.io;Id=abc;" + Secret, "segment 3")]
    public void Malformed_connection_string_names_the_part_without_the_secret(string connectionString, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => AppConfigurationConnectionString.Parse(connectionString))!;

        Assert.That(e.Message, Does.Contain(expected));
        Assert.That(e.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public void Secret_that_is_not_base64_is_rejected_without_echoing_it()
    {
        const string bad = "not*base64!secret";
        var e = Assert.Throws<ArgumentException>(() => AppConfigurationConnectionString.Parse($"Endpoint=https://x.azconfig.io;Id=abc;Secret={bad}"))!;

        Assert.That(e.Message, Does.Contain("Secret is not valid base64").And.Not.Contain(bad));
    }

    [Test]
    public void Client_constructor_rejects_a_malformed_connection_string()
    {
        var e = Assert.Throws<ArgumentException>(() => new AppConfigurationClient($"Endpoint=https://x.azconfig.io;Secret={Secret}"))!;

        Assert.That(e.Message, Does.Contain("no Id").And.Not.Contain(Secret));
    }

    [Test]
    public void Client_ToString_shows_only_the_endpoint()
    {
        var client = new AppConfigurationClient($"Endpoint=https://x.azconfig.io;Id=abc;Secret={Secret}");

        Assert.That(client.ToString(), Is.EqualTo("AppConfigurationClient(https://x.azconfig.io/)"));
    }
}
