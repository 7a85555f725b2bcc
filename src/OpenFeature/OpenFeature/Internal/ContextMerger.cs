using OpenFeature.Model;

namespace OpenFeature.Internal;

/// <summary>
/// Merges evaluation contexts in the specification's order (3.2.3: API, transaction, client, invocation; then the
/// before-hook results); later layers win. Reuses a layer as-is when it is the only non-empty one.
/// </summary>
internal static class ContextMerger
{
    public static EvaluationContext Merge(EvaluationContext api, EvaluationContext? transaction,
        EvaluationContext client, EvaluationContext? invocation)
    {
        EvaluationContext? only = null;
        var nonEmpty = 0;
        var size = 0;
        Count(api, ref only, ref nonEmpty, ref size);
        Count(transaction, ref only, ref nonEmpty, ref size);
        Count(client, ref only, ref nonEmpty, ref size);
        Count(invocation, ref only, ref nonEmpty, ref size);
        if (nonEmpty <= 1)
        {
            return only ?? EvaluationContext.Empty;
        }

        var merged = new Dictionary<string, Value>(size, StringComparer.Ordinal);
        CopyInto(merged, api);
        CopyInto(merged, transaction);
        CopyInto(merged, client);
        CopyInto(merged, invocation);
        return new EvaluationContext(new Structure(merged, true));
    }

    /// <summary>Merges <paramref name="overlay"/> over <paramref name="baseline"/>.</summary>
    public static EvaluationContext Merge(EvaluationContext baseline, EvaluationContext? overlay)
    {
        if (overlay is null || overlay.Count == 0)
        {
            return baseline;
        }

        if (baseline.Count == 0)
        {
            return overlay;
        }

        var merged = new Dictionary<string, Value>(baseline.Count + overlay.Count, StringComparer.Ordinal);
        CopyInto(merged, baseline);
        CopyInto(merged, overlay);
        return new EvaluationContext(new Structure(merged, true));
    }

    private static void Count(EvaluationContext? context, ref EvaluationContext? only, ref int nonEmpty, ref int size)
    {
        if (context is not null && context.Count > 0)
        {
            only = context;
            nonEmpty++;
            size += context.Count;
        }
    }

    private static void CopyInto(Dictionary<string, Value> target, EvaluationContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var (key, value) in context.Attributes.Attributes)
        {
            target[key] = value;
        }
    }
}
