using OpenFeature.Constant;
using OpenFeature.Error;
using OpenFeature.Model;

namespace OpenFeature.Tests.Support;

/// <summary>
/// A provider written for spec 0.9: it reports its own lifecycle by emitting PROVIDER_READY before initialization
/// returns, or PROVIDER_ERROR before it fails, and it wants to know the domain it is bound to.
/// </summary>
internal sealed class SelfReportingProvider : TestProvider, ILifecycleEventEmitter, IDomainAwareProvider
{
    public SelfReportingProvider(string name = "self-reporting")
        : base(name)
    {
    }

    /// <summary>When set, initialization emits PROVIDER_ERROR with this code and then throws.</summary>
    public ErrorType? FailWith { get; set; }

    public List<string?> InitializedDomains { get; } = new();

    public bool EmitsLifecycleEvents => true;

    public async Task InitializeAsync(EvaluationContext context, string? domain, CancellationToken cancellationToken)
    {
        InitializedDomains.Add(domain);
        await base.InitializeAsync(context, cancellationToken);
        if (FailWith is { } code)
        {
            await EmitAsync(ProviderEventTypes.ProviderError, code, "self-reported failure");
            throw new FeatureProviderException(code, "self-reported failure");
        }

        await EmitAsync(ProviderEventTypes.ProviderReady);
    }

    public override Task InitializeAsync(EvaluationContext? context, CancellationToken cancellationToken = default)
        => InitializeAsync(context ?? EvaluationContext.Empty, null, cancellationToken);
}
