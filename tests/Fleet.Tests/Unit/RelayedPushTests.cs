namespace OpenFeatureAppConfig.Fleet.Tests.Unit;

/// <summary>
/// A push relayed on the fleet's channel keeps its sync token, key and label; a bare sync token (what instances of
/// the earlier version relay) is still taken; anything else (whoever can write to Redis can publish there) is refused
/// with a reason and never reaches the store.
/// </summary>
public class RelayedPushTests
{
    private const string Token = "abc=MDoxMjM=;sn=1";

    [Test]
    public void A_relayed_push_keeps_its_sync_token_key_and_label()
    {
        var sent = new PushNotification { SyncToken = Token, Key = ".appconfig.featureflag/Beta \"quoted\"", Label = "prod" };

        var received = RelayedPush.TryDecode(RelayedPush.Encode(sent), out var error);

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(received?.SyncToken, Is.EqualTo(Token));
            Assert.That(received?.Key, Is.EqualTo(sent.Key));
            Assert.That(received?.Label, Is.EqualTo("prod"));
        });
    }

    [Test]
    public void A_bare_sync_token_from_an_earlier_version_is_a_push_without_a_key()
    {
        var received = RelayedPush.TryDecode(Token, out var error);

        Assert.That((received?.SyncToken, received?.Key, error), Is.EqualTo((Token, (string?)null, (string?)null)));
    }

    [TestCase("", TestName = "An_empty_relayed_message_is_refused")]
    [TestCase("not a token", TestName = "A_relayed_message_that_is_no_sync_token_is_refused")]
    [TestCase("{\"k\":\"a\"}", TestName = "A_relayed_message_without_a_sync_token_is_refused")]
    [TestCase("{\"t\":\"abc=MDoxMjM=;sn=1\",\"k\":\"\"}", TestName = "A_relayed_message_with_an_empty_key_is_refused")]
    [TestCase("{\"t\":\"abc=MDoxMjM=;sn=1\",", TestName = "A_relayed_message_of_broken_JSON_is_refused")]
    [TestCase("{\"t\":7}", TestName = "A_relayed_message_whose_sync_token_is_not_text_is_refused")]
    public void A_relayed_message_that_is_not_a_push_is_refused_with_a_reason(string message)
    {
        var received = RelayedPush.TryDecode(message, out var error);

        Assert.That((received, string.IsNullOrEmpty(error)), Is.EqualTo(((PushNotification?)null, false)));
    }

    [Test]
    public void A_relayed_key_longer_than_the_store_allows_is_refused()
    {
        var message = "{\"t\":\"" + Token + "\",\"k\":\"" + new string('k', PushNotification.MaxKeyLength + 1) + "\"}";

        Assert.That(RelayedPush.TryDecode(message, out var error), Is.Null);
        Assert.That(error, Does.Contain("Key"));
    }
}
