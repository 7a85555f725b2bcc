using OpenFeature.Model;

namespace OpenFeature.Internal;

/// <summary>Calls the provider's resolve method for one value type.</summary>
internal delegate Task<ResolutionDetails<T>> Resolver<T>(FeatureProvider provider, string flagKey, T defaultValue,
    EvaluationContext context, CancellationToken cancellationToken);

/// <summary>The five resolvers, allocated once.</summary>
internal static class Resolvers
{
    public static readonly Resolver<bool> Boolean =
        static (provider, key, defaultValue, context, ct) => provider.ResolveBooleanValueAsync(key, defaultValue, context, ct);

    public static readonly Resolver<string> String =
        static (provider, key, defaultValue, context, ct) => provider.ResolveStringValueAsync(key, defaultValue, context, ct);

    public static readonly Resolver<int> Integer =
        static (provider, key, defaultValue, context, ct) => provider.ResolveIntegerValueAsync(key, defaultValue, context, ct);

    public static readonly Resolver<double> Double =
        static (provider, key, defaultValue, context, ct) => provider.ResolveDoubleValueAsync(key, defaultValue, context, ct);

    public static readonly Resolver<Value> Object =
        static (provider, key, defaultValue, context, ct) => provider.ResolveStructureValueAsync(key, defaultValue, context, ct);
}
