namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>How much traffic the buggy-treatment demo's simulated shoppers make.</summary>
/// <param name="Shoppers">How many distinct users (<c>shopper-0000</c>, ...) take turns; each signs in once.</param>
/// <param name="VisitsPerSecond">Checkout visits a second, all shoppers together.</param>
public sealed record ShopperSimulatorOptions(int Shoppers, double VisitsPerSecond);
