using Microsoft.FeatureManagement;
using OpenFeature;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Hosting.Ofrep;

/// <summary>
/// Evaluates flags for remote callers through the app's OpenFeature client. A flag with variants answers its
/// assigned variant's value (any JSON); a flag without variants answers its enabled state (a boolean).
/// </summary>
internal sealed class OfrepEvaluator(IFeatureClient client, IFeatureDefinitionProvider definitions)
{
    public async Task<OfrepEvaluation> EvaluateAsync(string key, EvaluationContext context, CancellationToken cancellationToken)
    {
        FeatureDefinition? definition;
        try
        {
            definition = await definitions.GetFeatureDefinitionAsync(key).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // A name no flag can have (Microsoft's provider refuses ':', the configuration path separator).
            return OfrepEvaluation.NotFound(key);
        }

        return definition is null
            ? OfrepEvaluation.NotFound(key)
            : await EvaluateAsync(definition, context, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OfrepEvaluation>> EvaluateAllAsync(Func<string, bool> exposed, EvaluationContext context, CancellationToken cancellationToken)
    {
        var selected = new List<FeatureDefinition>();
        await foreach (var definition in definitions.GetAllFeatureDefinitionsAsync().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (exposed(definition.Name))
            {
                selected.Add(definition);
            }
        }

        // A stable order makes equal answers byte-identical, which the bulk ETag relies on.
        selected.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var evaluations = new List<OfrepEvaluation>(selected.Count);
        foreach (var definition in selected)
        {
            evaluations.Add(await EvaluateAsync(definition, context, cancellationToken).ConfigureAwait(false));
        }

        return evaluations;
    }

    private async Task<OfrepEvaluation> EvaluateAsync(FeatureDefinition definition, EvaluationContext context, CancellationToken cancellationToken)
    {
        if (definition.Variants?.Any() == true)
        {
            var details = await client.GetObjectDetailsAsync(definition.Name, new Value(), context, null, cancellationToken).ConfigureAwait(false);

            // No variant assigned (no allocation applies): the caller's code default is the answer, which only the
            // caller knows, so the value is left out (OFREP's code-default deferral).
            var value = details.ErrorType == ErrorType.None && details.Variant is not null ? details.Value : null;
            return new OfrepEvaluation(definition.Name, value, details.Reason, details.Variant, details.FlagMetadata, details.ErrorType, details.ErrorMessage);
        }

        var enabled = await client.GetBooleanDetailsAsync(definition.Name, false, context, null, cancellationToken).ConfigureAwait(false);
        return new OfrepEvaluation(definition.Name, new Value(enabled.Value), enabled.Reason, enabled.Variant, enabled.FlagMetadata, enabled.ErrorType, enabled.ErrorMessage);
    }
}
