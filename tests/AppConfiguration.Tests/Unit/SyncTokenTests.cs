using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

public class SyncTokenTests
{
    [Test]
    public void Keeps_the_newest_sequence_number_per_id_and_sends_id_equals_value()
    {
        var policy = new SyncTokenPolicy();
        policy.Update("a=v1;sn=5");
        policy.Update("a=v0;sn=4, b=w1;sn=1");
        policy.Update("a=v2;sn=6");

        Assert.That(policy.BuildHeader()!.Split(',').Order(), Is.EqualTo(new[] { "a=v2", "b=w1" }));
    }

    [Test]
    public void No_tokens_means_no_header_and_garbage_is_ignored()
    {
        var policy = new SyncTokenPolicy();
        policy.Update("garbage;;,=x");

        Assert.That(policy.BuildHeader(), Is.Null);
    }

    [Test]
    public void A_pushed_token_is_sent_for_a_minute_at_most()
    {
        var clock = new FakeTimeProvider();
        var policy = new SyncTokenPolicy(clock);
        policy.AddPushed("p=AAAA;sn=1");
        var fresh = policy.BuildHeader();
        clock.Advance(SyncTokenPolicy.PushedTokenLifetime);

        Assert.That(fresh, Is.EqualTo("p=AAAA"));
        Assert.That(policy.BuildHeader(), Is.Null);
    }

    [Test]
    public void The_stores_own_token_replaces_a_pushed_one_once_it_catches_up()
    {
        var policy = new SyncTokenPolicy();
        policy.Update("a=v1;sn=1");
        policy.AddPushed("a=pushed;sn=5");
        var afterPush = policy.BuildHeader();
        policy.AddPushed("a=older;sn=4");
        var afterOlderPush = policy.BuildHeader();
        policy.Update("a=v5;sn=5");

        Assert.That(afterPush, Is.EqualTo("a=pushed"));
        Assert.That(afterOlderPush, Is.EqualTo("a=pushed"), "an older push does not win");
        Assert.That(policy.BuildHeader(), Is.EqualTo("a=v5"));
    }
}
