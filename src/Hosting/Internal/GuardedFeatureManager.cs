using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The registered feature manager, with evaluation made safe for application code: a flag whose evaluation throws
/// (a malformed <c>Microsoft.TimeWindow</c> date, a failing custom filter) answers disabled and no variant, and is
/// recorded in <see cref="FlagEvaluationFailures"/>. <c>[FeatureGate]</c>, <c>WithFeatureGate</c> and the
/// <c>&lt;feature&gt;</c> tag helper reach it through the request's snapshot. The OpenFeature provider gets
/// <see cref="Reporting"/>, which records the failure and lets it through, since the provider answers it as an
/// ERROR resolution itself.
/// </summary>
internal sealed class GuardedFeatureManager : IFeatureManager, IVariantFeatureManager
{
    private readonly IFeatureManager _featureManager;
    private readonly IVariantFeatureManager _variantFeatureManager;
    private readonly FlagEvaluationFailures _failures;
    private readonly bool _hideFailures;

    public GuardedFeatureManager(IFeatureManager featureManager, IVariantFeatureManager variantFeatureManager, FlagEvaluationFailures failures)
        : this(featureManager, variantFeatureManager, failures, hideFailures: true)
    {
        Reporting = new GuardedFeatureManager(featureManager, variantFeatureManager, failures, hideFailures: false);
    }

    private GuardedFeatureManager(IFeatureManager featureManager, IVariantFeatureManager variantFeatureManager, FlagEvaluationFailures failures, bool hideFailures)
    {
        _featureManager = featureManager;
        _variantFeatureManager = variantFeatureManager;
        _failures = failures;
        _hideFailures = hideFailures;
        Reporting = this;
    }

    /// <summary>The same manager, recording failures without hiding them.</summary>
    public IVariantFeatureManager Reporting { get; }

    IAsyncEnumerable<string> IFeatureManager.GetFeatureNamesAsync() => _featureManager.GetFeatureNamesAsync();

    IAsyncEnumerable<string> IVariantFeatureManager.GetFeatureNamesAsync(CancellationToken cancellationToken) =>
        _variantFeatureManager.GetFeatureNamesAsync(cancellationToken);

    Task<bool> IFeatureManager.IsEnabledAsync(string feature) =>
        GuardAsync(feature, () => new ValueTask<bool>(_featureManager.IsEnabledAsync(feature)), false, CancellationToken.None).AsTask();

    Task<bool> IFeatureManager.IsEnabledAsync<TContext>(string feature, TContext context) =>
        GuardAsync(feature, () => new ValueTask<bool>(_featureManager.IsEnabledAsync(feature, context)), false, CancellationToken.None).AsTask();

    ValueTask<bool> IVariantFeatureManager.IsEnabledAsync(string feature, CancellationToken cancellationToken) =>
        GuardAsync(feature, () => _variantFeatureManager.IsEnabledAsync(feature, cancellationToken), false, cancellationToken);

    ValueTask<bool> IVariantFeatureManager.IsEnabledAsync<TContext>(string feature, TContext context, CancellationToken cancellationToken) =>
        GuardAsync(feature, () => _variantFeatureManager.IsEnabledAsync(feature, context, cancellationToken), false, cancellationToken);

    ValueTask<Variant> IVariantFeatureManager.GetVariantAsync(string feature, CancellationToken cancellationToken) =>
        GuardAsync(feature, () => _variantFeatureManager.GetVariantAsync(feature, cancellationToken), null!, cancellationToken);

    ValueTask<Variant> IVariantFeatureManager.GetVariantAsync(string feature, ITargetingContext context, CancellationToken cancellationToken) =>
        GuardAsync(feature, () => _variantFeatureManager.GetVariantAsync(feature, context, cancellationToken), null!, cancellationToken);

    private ValueTask<T> GuardAsync<T>(string feature, Func<ValueTask<T>> evaluate, T disabled, CancellationToken cancellationToken)
    {
        ValueTask<T> pending;
        try
        {
            pending = evaluate();
        }
        catch (Exception exception) when (IsFlagFailure(exception, cancellationToken))
        {
            return new ValueTask<T>(Fail(feature, exception, disabled));
        }

        if (pending.IsCompletedSuccessfully)
        {
            _failures.Succeeded(feature);
            return pending;
        }

        return AwaitAsync(feature, pending, disabled, cancellationToken);
    }

    private async ValueTask<T> AwaitAsync<T>(string feature, ValueTask<T> pending, T disabled, CancellationToken cancellationToken)
    {
        try
        {
            var result = await pending.ConfigureAwait(false);
            _failures.Succeeded(feature);
            return result;
        }
        catch (Exception exception) when (IsFlagFailure(exception, cancellationToken))
        {
            return Fail(feature, exception, disabled);
        }
    }

    private T Fail<T>(string feature, Exception exception, T disabled)
    {
        _failures.Failed(feature, exception);
        if (!_hideFailures)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
        }

        return disabled;
    }

    /// <summary>
    /// A failure of the flag, as opposed to the caller's cancellation or a missing flag that the application asked
    /// to be told about (<c>IgnoreMissingFeatures = false</c>).
    /// </summary>
    private static bool IsFlagFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        FeatureManagementException { Error: FeatureManagementError.MissingFeature } => false,
        _ => true,
    };
}
