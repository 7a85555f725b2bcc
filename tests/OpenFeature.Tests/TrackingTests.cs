using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeature.Tests.Support;

namespace OpenFeature.Tests;

/// <summary>Spec section 6 (tracking, experimental in v0.9.0), for the dynamic-context paradigm.</summary>
public class TrackingTests
{
    [Test]
    public async Task Requirement_6_1_1_1_ClientTracksWithNameContextAndDetails()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TrackingProvider();
        await api.SetProviderAsync(provider);
        var client = api.GetClient();
        var details = TrackingEventDetails.Builder().SetValue(99.77).Set("currencyCode", "USD").Build();

        client.Track("visited-promo-page");
        client.Track("clicked-checkout", EvaluationContext.Builder().SetTargetingKey("user-1").Build(), details);

        var events = provider.Events.ToArray();
        Assert.That(events.Select(e => e.Name), Is.EqualTo(new[] { "visited-promo-page", "clicked-checkout" }));
        Assert.That(events[1].Context?.TargetingKey, Is.EqualTo("user-1"));
        Assert.That(events[1].Details?.Value, Is.EqualTo(99.77));
        Assert.That(events[1].Details?.GetValue("currencyCode").AsString, Is.EqualTo("USD"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_6_1_3_TrackingContextMergesApiThenTransactionThenClientThenInvocation()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        var provider = new TrackingProvider();
        await api.SetProviderAsync(provider);
        api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        api.SetContext(EvaluationContext.Builder().Set("api", "api").Set("txn", "api").Set("client", "api").Set("invocation", "api").Build());
        api.SetTransactionContext(EvaluationContext.Builder().Set("txn", "txn").Set("client", "txn").Set("invocation", "txn").Build());
        var client = api.GetClient();
        client.SetContext(EvaluationContext.Builder().Set("client", "client").Set("invocation", "client").Build());

        client.Track("purchase", EvaluationContext.Builder().Set("invocation", "invocation").Build());

        var merged = provider.Events.Single().Context!;
        Assert.That(merged.GetValue("api").AsString, Is.EqualTo("api"));
        Assert.That(merged.GetValue("txn").AsString, Is.EqualTo("txn"));
        Assert.That(merged.GetValue("client").AsString, Is.EqualTo("client"));
        Assert.That(merged.GetValue("invocation").AsString, Is.EqualTo("invocation"));
        await api.ShutdownAsync();
    }

    [Test]
    public async Task Requirement_6_1_4_TrackingIsANoOpWhenTheProviderDoesNotTrack()
    {
        var api = OpenFeatureFactory.CreateIsolated();
        await api.SetProviderAsync(new TestProvider());

        Assert.That(() => api.GetClient().Track("ignored", null, TrackingEventDetails.Builder().SetValue(1).Build()), Throws.Nothing);
        await api.ShutdownAsync();
    }

    [Test]
    public void Requirement_6_2_1_TrackingDetailsHaveAnOptionalNumericValue()
    {
        var withValue = TrackingEventDetails.Builder().SetValue(12.5).Build();
        var withoutValue = TrackingEventDetails.Builder().Build();

        Assert.That(withValue.Value, Is.EqualTo(12.5));
        Assert.That(withoutValue.Value, Is.Null);
    }

    [Test]
    public void Requirement_6_2_2_TrackingDetailsHoldCustomFields()
    {
        var details = TrackingEventDetails.Builder()
            .Set("gift", true)
            .Set("currency", "EUR")
            .Set("items", 3)
            .Set("discount", 0.1)
            .Set("address", Structure.Builder().Set("country", "FR").Build())
            .Build();

        Assert.That(details.GetValue("gift").AsBoolean, Is.True);
        Assert.That(details.GetValue("currency").AsString, Is.EqualTo("EUR"));
        Assert.That(details.GetValue("items").AsInteger, Is.EqualTo(3));
        Assert.That(details.GetValue("discount").AsDouble, Is.EqualTo(0.1));
        Assert.That(details.GetValue("address").AsStructure?.GetValue("country").AsString, Is.EqualTo("FR"));
        Assert.That(details.Count, Is.EqualTo(5));
    }
}
