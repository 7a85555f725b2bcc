using Microsoft.FeatureManagement;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// Evaluates one flag with Microsoft.FeatureManagement and turns the answer into OpenFeature's resolution:
/// value, reason, variant, flag metadata or an error. Never throws.
/// </summary>
internal sealed class FlagEvaluator
{
    private readonly IVariantFeatureManager _featureManager;
    private readonly IFeatureDefinitionProvider _definitions;
    private readonly TargetingContextFactory _contexts;
    private readonly bool _ignoreCase;
    private readonly ProviderTelemetry _telemetry;
    private readonly Func<FlagCatalog> _catalog;

    public FlagEvaluator(
        IVariantFeatureManager featureManager,
        IFeatureDefinitionProvider definitions,
        FeatureManagementProviderOptions options,
        ProviderTelemetry telemetry,
        Func<FlagCatalog> catalog)
    {
        _featureManager = featureManager;
        _definitions = definitions;
        _contexts = new TargetingContextFactory(options);
        _ignoreCase = options.IgnoreCase;
        _telemetry = telemetry;
        _catalog = catalog;
    }

    public Task<ResolutionDetails<bool>> ResolveBooleanAsync(string flagKey, bool defaultValue, EvaluationContext? context, CancellationToken cancellationToken)
    {
        // Fast path, the common case: a loaded flag without variants whose evaluation completes synchronously
        // answers with one of its two prebuilt resolutions (no allocation beyond the targeting context).
        if (!cancellationToken.IsCancellationRequested
            && _catalog().TryGet(flagKey, out var entry)
            && entry.Details is { ErrorType: ErrorType.None, HasVariants: false } details
            && string.Equals(details.Key, flagKey, StringComparison.Ordinal))
        {
            try
            {
                var target = _contexts.Create(context);
                var pending = _featureManager.IsEnabledAsync(flagKey, target, cancellationToken);
                if (pending.IsCompletedSuccessfully)
                {
                    var resolution = details.BooleanResolution(pending.Result);
                    Record(flagKey, details, null, resolution.Result.Reason!, target.UserId);
                    return resolution;
                }

                return CompleteBooleanAsync(flagKey, defaultValue, details, target, pending, cancellationToken);
            }
            catch (Exception exception)
            {
                return Task.FromResult(Failed(flagKey, defaultValue, details, exception, cancellationToken));
            }
        }

        return ResolveBooleanSlowAsync(flagKey, defaultValue, context, cancellationToken);
    }

    private async Task<ResolutionDetails<bool>> CompleteBooleanAsync(
        string flagKey,
        bool defaultValue,
        FlagDetails details,
        EvaluationTargetingContext target,
        ValueTask<bool> pending,
        CancellationToken cancellationToken)
    {
        try
        {
            var resolution = details.BooleanResolution(await pending.ConfigureAwait(false)).Result;
            Record(flagKey, details, null, resolution.Reason!, target.UserId);
            return resolution;
        }
        catch (Exception exception)
        {
            return Failed(flagKey, defaultValue, details, exception, cancellationToken);
        }
    }

    private async Task<ResolutionDetails<bool>> ResolveBooleanSlowAsync(string flagKey, bool defaultValue, EvaluationContext? context, CancellationToken cancellationToken)
    {
        FlagDetails? details = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            details = await FindAsync(flagKey).ConfigureAwait(false);
            if (details is null || details.ErrorType != ErrorType.None)
            {
                return Failed(flagKey, defaultValue, details);
            }

            var target = _contexts.Create(context);
            string? variantName = null;
            bool enabled;
            string reason;
            if (!details.HasVariants)
            {
                enabled = await _featureManager.IsEnabledAsync(flagKey, target, cancellationToken).ConfigureAwait(false);
                reason = enabled
                    ? (details.IsUnconditional ? Reason.Static : Reason.TargetingMatch)
                    : (details.IsStaticallyDisabled ? Reason.Disabled : Reason.TargetingMatch);
            }
            else
            {
                // The enabled state is the answer; a boolean variant value never overrides it (only the
                // variant's status_override does, inside the feature manager).
                var variant = await _featureManager.GetVariantAsync(flagKey, target, cancellationToken).ConfigureAwait(false);
                variantName = variant?.Name;
                var outcome = await ExplainAsync(flagKey, details, target, variantName, cancellationToken).ConfigureAwait(false);
                enabled = outcome.Enabled;
                reason = outcome.Reason;
            }

            Record(flagKey, details, variantName, reason, target.UserId);
            return new ResolutionDetails<bool>(flagKey, enabled, ErrorType.None, reason, variantName, null, details.Metadata);
        }
        catch (Exception exception)
        {
            return Failed(flagKey, defaultValue, details, exception, cancellationToken);
        }
    }

    public async Task<ResolutionDetails<T>> ResolveVariantAsync<T>(
        string flagKey,
        T defaultValue,
        EvaluationContext? context,
        Func<VariantValues, Conversion<T>> convert,
        string typeName,
        CancellationToken cancellationToken)
    {
        FlagDetails? details = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            details = await FindAsync(flagKey).ConfigureAwait(false);
            if (details is null || details.ErrorType != ErrorType.None)
            {
                return Failed(flagKey, defaultValue, details);
            }

            var target = _contexts.Create(context);
            var variant = await _featureManager.GetVariantAsync(flagKey, target, cancellationToken).ConfigureAwait(false);
            var values = details.FindVariant(variant?.Name);
            if (values is null)
            {
                Record(flagKey, details, null, Reason.Default, target.UserId);
                return new ResolutionDetails<T>(flagKey, defaultValue, ErrorType.None, Reason.Default, null, null, details.Metadata);
            }

            var converted = convert(values);
            if (!converted.Succeeded)
            {
                return new ResolutionDetails<T>(
                    flagKey,
                    defaultValue,
                    ErrorType.TypeMismatch,
                    Reason.Error,
                    values.Name,
                    $"Variant '{values.Name}' of flag '{flagKey}' has {values.Describe()}, which is not a {typeName}.",
                    details.Metadata);
            }

            var outcome = await ExplainAsync(flagKey, details, target, values.Name, cancellationToken).ConfigureAwait(false);
            Record(flagKey, details, values.Name, outcome.Reason, target.UserId);
            return string.Equals(flagKey, details.Key, StringComparison.Ordinal)
                ? values.Resolution(flagKey, converted.Value, outcome.Reason, details.Metadata)
                : new ResolutionDetails<T>(flagKey, converted.Value, ErrorType.None, outcome.Reason, values.Name, null, details.Metadata);
        }
        catch (Exception exception)
        {
            return Failed(flagKey, defaultValue, details, exception, cancellationToken);
        }
    }

    private ValueTask<FlagDetails?> FindAsync(string flagKey)
    {
        if (!_catalog().TryGet(flagKey, out var entry))
        {
            return ValueTask.FromResult<FlagDetails?>(null);
        }

        return entry.Details is { } details ? ValueTask.FromResult<FlagDetails?>(details) : entry.LoadAsync(_definitions);
    }

    /// <summary>
    /// Works out whether the flag was on before any status_override (the feature manager does not say), the
    /// final enabled state and the reason, from the definition and the variant the manager assigned.
    /// </summary>
    private async ValueTask<Outcome> ExplainAsync(string flagKey, FlagDetails details, EvaluationTargetingContext target, string? variantName, CancellationToken cancellationToken)
    {
        var definition = details.Definition!;
        var rules = details.Allocation;
        VariantAssignment assignment;
        bool? enabledBeforeOverride;
        if (details.IsStaticallyDisabled)
        {
            enabledBeforeOverride = false;
            assignment = default;
        }
        else if (details.IsUnconditional)
        {
            enabledBeforeOverride = true;
            assignment = AllocationExplainer.Explain(rules, target, _ignoreCase, AllocationExplainer.Optional.Of(variantName));
        }
        else
        {
            // Filters decided: the variant tells whether the flag was on, unless the variant it would get when
            // on is also the one it gets when off.
            assignment = AllocationExplainer.Explain(rules, target, _ignoreCase);
            var whenOn = details.FindVariant(assignment.VariantName)?.Name;
            var whenOff = details.FindVariant(rules?.DefaultWhenDisabled)?.Name;
            enabledBeforeOverride = whenOn == whenOff ? null : variantName == whenOn;
        }

        var statusOverride = details.FindVariant(variantName)?.StatusOverride ?? StatusOverride.None;
        bool enabled;
        if (enabledBeforeOverride is null)
        {
            // Rare: ask the manager for the enabled state itself. With a status_override that state says nothing
            // about the filters, so the reason can only be that the filters were evaluated.
            enabled = await _featureManager.IsEnabledAsync(flagKey, target, cancellationToken).ConfigureAwait(false);
            if (statusOverride != StatusOverride.None)
            {
                return new Outcome(enabled, Reason.TargetingMatch);
            }

            enabledBeforeOverride = enabled;
        }
        else
        {
            enabled = enabledBeforeOverride.Value;
            if (definition.Status != FeatureStatus.Disabled && statusOverride != StatusOverride.None)
            {
                enabled = statusOverride == StatusOverride.Enabled;
            }
        }

        string reason;
        if (enabledBeforeOverride == false)
        {
            reason = details.IsStaticallyDisabled ? Reason.Disabled : Reason.TargetingMatch;
        }
        else
        {
            reason = assignment.Rule switch
            {
                AssignmentRule.User or AssignmentRule.Group => Reason.TargetingMatch,
                AssignmentRule.Percentile => Reason.Split,
                _ => details.IsUnconditional ? Reason.Static : Reason.TargetingMatch,
            };
        }

        return new Outcome(enabled, reason);
    }

    private void Record(string flagKey, FlagDetails details, string? variant, string reason, string? targetingKey)
    {
        if (details.TelemetryEnabled)
        {
            _telemetry.RecordEvaluation(flagKey, variant, reason, targetingKey);
        }
    }

    private static ResolutionDetails<T> Failed<T>(string flagKey, T defaultValue, FlagDetails? details) =>
        details is null
            ? new ResolutionDetails<T>(flagKey, defaultValue, ErrorType.FlagNotFound, Reason.Error, null, $"Flag '{flagKey}' was not found.")
            : new ResolutionDetails<T>(flagKey, defaultValue, details.ErrorType, Reason.Error, null, details.ErrorMessage, details.Metadata);

    private static ResolutionDetails<T> Failed<T>(string flagKey, T defaultValue, FlagDetails? details, Exception exception, CancellationToken cancellationToken)
    {
        var (errorType, message) = EvaluationErrors.Classify(flagKey, exception, cancellationToken);
        return new ResolutionDetails<T>(flagKey, defaultValue, errorType, Reason.Error, null, message, details?.Metadata);
    }

    private readonly record struct Outcome(bool Enabled, string Reason);
}
