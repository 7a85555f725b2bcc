using System.Runtime.CompilerServices;

namespace OpenFeature.Internal;

/// <summary>
/// Which API instance a provider object is bound to: one at a time (specification 1.8.4), so that two isolated
/// APIs never initialize, shut down or read the events of the same provider.
/// </summary>
internal static class ProviderOwnership
{
    private static readonly ConditionalWeakTable<FeatureProvider, object> Owners = new();
    private static readonly object Gate = new();

    /// <summary>Records that <paramref name="owner"/> binds the provider.</summary>
    /// <exception cref="InvalidOperationException">Another API instance binds it.</exception>
    public static void Claim(FeatureProvider provider, object owner)
    {
        lock (Gate)
        {
            if (Owners.TryGetValue(provider, out var current))
            {
                if (!ReferenceEquals(current, owner))
                {
                    throw new InvalidOperationException(
                        $"The provider '{SafeName(provider)}' is already bound to another OpenFeature API instance; " +
                        "a provider instance can serve one API instance at a time.");
                }

                return;
            }

            Owners.Add(provider, owner);
        }
    }

    /// <summary>Forgets the binding, if <paramref name="owner"/> holds it.</summary>
    public static void Release(FeatureProvider provider, object owner)
    {
        lock (Gate)
        {
            if (Owners.TryGetValue(provider, out var current) && ReferenceEquals(current, owner))
            {
                Owners.Remove(provider);
            }
        }
    }

    private static string? SafeName(FeatureProvider provider)
    {
        try
        {
            return provider.GetMetadata()?.Name;
        }
        catch (Exception)
        {
            return provider.GetType().Name;
        }
    }
}
