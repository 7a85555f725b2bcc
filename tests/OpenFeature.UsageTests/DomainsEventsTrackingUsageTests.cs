using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;

namespace OpenFeature.UsageTests;

/// <summary>README: "Domains", "Eventing", "Tracking" and "Transaction Context Propagation".</summary>
public class DomainsEventsTrackingUsageTests : SingletonResetFixture
{
    [Test]
    public async Task Domains_ClientsUseTheProviderOfTheirDomain()
    {
        // A default provider, and one bound to a domain.
        await Api.Instance.SetProviderAsync(new InMemoryProvider(Flags("source", "local")));
        await Api.Instance.SetProviderAsync("clientForCache", new InMemoryProvider(Flags("source", "cache")));

        FeatureClient clientDefault = Api.Instance.GetClient();
        FeatureClient scopedClient = Api.Instance.GetClient("clientForCache");

        Assert.That(await clientDefault.GetStringValueAsync("source", "none"), Is.EqualTo("local"));
        Assert.That(await scopedClient.GetStringValueAsync("source", "none"), Is.EqualTo("cache"));
    }

    [Test]
    public async Task Eventing_ApiHandlerSeesProviderReady()
    {
        var apiSaw = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandlerDelegate onApiReady = eventDetails =>
        {
            if (eventDetails?.ProviderName == "My Provider")
            {
                apiSaw.TrySetResult(eventDetails.ProviderName);
            }
        };

        // Handler on the API for PROVIDER_READY.
        Api.Instance.AddHandler(ProviderEventTypes.ProviderReady, onApiReady);
        await Api.Instance.SetProviderAsync(new ReadmeStyleProvider());

        Assert.That(await apiSaw.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("My Provider"));
        Api.Instance.RemoveHandler(ProviderEventTypes.ProviderReady, onApiReady);
    }

    [Test]
    public async Task Eventing_ClientHandlerForTheClientsOwnDomain()
    {
        Seen.Clear();
        EventHandlerDelegate callback = EventHandler;

        // A client, a provider bound to the client's domain, and a handler on the client.
        var myClient = Api.Instance.GetClient("my-client");
        var provider = new ReadmeStyleProvider();
        await Api.Instance.SetProviderAsync(myClient.GetMetadata().Name!, provider);
        myClient.AddHandler(ProviderEventTypes.ProviderReady, callback);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Seen.Contains(ProviderEventTypes.ProviderReady) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(Seen, Does.Contain(ProviderEventTypes.ProviderReady));
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<ProviderEventTypes> Seen = new();

    public static void EventHandler(ProviderEventPayload? eventDetails)
    {
        if (eventDetails is not null)
        {
            Seen.Add(eventDetails.Type);
        }
    }

    [Test]
    public async Task Tracking_ClientTracksAnEventWithDetails()
    {
        var provider = new TrackingProvider();
        await Api.Instance.SetProviderAsync(provider);

        var client = Api.Instance.GetClient();
        client.Track("visited-promo-page", trackingEventDetails: TrackingEventDetails.Builder().SetValue(99.77).Set("currency", "USD").Build());

        Assert.That(provider.LastEvent, Is.EqualTo("visited-promo-page"));
        Assert.That(provider.LastDetails?.Value, Is.EqualTo(99.77));
        Assert.That(provider.LastDetails?.GetValue("currency").AsString, Is.EqualTo("USD"));
    }

    [Test]
    public async Task TransactionContext_AsyncLocalPropagatorCarriesPerRequestContext()
    {
        var provider = new ReadmeStyleProvider();
        await Api.Instance.SetProviderAsync(provider);
        var userId = "user-123";

        // Register the propagator once, then set the context where the request starts.
        Api.Instance.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        EvaluationContext transactionContext = EvaluationContext.Builder().Set("userId", userId).Build();
        Api.Instance.SetTransactionContext(transactionContext);
        await Api.Instance.GetClient().GetBooleanValueAsync("per-request-flag", false);

        Assert.That(provider.LastContext?.GetValue("userId").AsString, Is.EqualTo(userId));
    }

    private static Dictionary<string, Flag> Flags(string key, string value) => new()
    {
        { key, new Flag<string>(new Dictionary<string, string> { { "only", value } }, "only") },
    };

    private sealed class TrackingProvider : ReadmeStyleProvider
    {
        public string? LastEvent { get; private set; }

        public TrackingEventDetails? LastDetails { get; private set; }

        public override void Track(string trackingEventName, EvaluationContext? evaluationContext = default, TrackingEventDetails? trackingEventDetails = default)
        {
            LastEvent = trackingEventName;
            LastDetails = trackingEventDetails;
        }
    }
}
