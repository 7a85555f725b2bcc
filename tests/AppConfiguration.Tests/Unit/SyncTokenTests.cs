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
}
