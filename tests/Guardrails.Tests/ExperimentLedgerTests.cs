using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The bounded memory policy of one experiment: exact for the users it enrolls, and it counts what it leaves out.</summary>
[TestFixture]
public sealed class ExperimentLedgerTests
{
    private static ExperimentLedger Ledger(int maxUsers = 100, int maxKeyLength = 10, int maxVariants = 8) =>
        new(new ExperimentDefinition("f", "purchase", "a"), maxUsers, maxKeyLength, maxVariants);

    [Test]
    public void Past_the_cap_new_users_are_counted_as_not_enrolled_and_their_conversions_ignored()
    {
        var ledger = Ledger(maxUsers: 3);
        foreach (var user in new[] { "u1", "u2", "u3", "u4", "u5", "u4" })
        {
            ledger.Expose(user == "u2" ? "b" : "a", user);
        }

        ledger.Convert("u4");
        ledger.Convert("u1");
        ledger.Expose("a", "u1"); // an enrolled user is still recognised past the cap

        var snapshot = ledger.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Users, Is.EqualTo(3));
            Assert.That(snapshot.NotEnrolled, Is.EqualTo(3), "u4, u5, u4 again");
            Assert.That(snapshot.Variants, Is.EqualTo(new[] { new VariantCounts("a", 2, 1), new VariantCounts("b", 1, 0) }));
        });
    }

    [Test]
    public void A_user_keeps_the_first_variant_and_converts_once()
    {
        var ledger = Ledger();
        ledger.Expose("b", "u1");
        ledger.Expose("a", "u1");
        ledger.Convert("u1");
        ledger.Convert("u1");

        Assert.That(ledger.Snapshot().Variants, Is.EqualTo(new[] { new VariantCounts("b", 1, 1), new VariantCounts("a", 0, 0) }));
    }

    [Test]
    public void A_conversion_before_any_exposure_does_not_count()
    {
        var ledger = Ledger();
        ledger.Convert("u1");
        ledger.Expose("a", "u1");

        Assert.That(ledger.Snapshot().Variants, Is.EqualTo(new[] { new VariantCounts("a", 1, 0) }));
    }

    [Test]
    public void Keys_too_long_missing_keys_and_variants_past_the_limit_are_counted_not_stored()
    {
        var ledger = Ledger(maxKeyLength: 4, maxVariants: 2);
        ledger.Expose("a", "toolong");
        ledger.Expose("a", null);
        ledger.Expose("a", string.Empty);
        ledger.Expose("b", "u1");
        ledger.Expose("c", "u2");
        ledger.Convert(null);

        var snapshot = ledger.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Users, Is.EqualTo(1));
            Assert.That(snapshot.NotEnrolled, Is.EqualTo(2), "the long key and variant c");
            Assert.That(snapshot.WithoutTargetingKey, Is.EqualTo(2));
            Assert.That(snapshot.Variants.Select(v => v.Variant), Is.EqualTo(new[] { "a", "b" }));
        });
    }
}
