namespace OpenFeature.Isolated;

/// <summary>Creates API instances independent of <see cref="Api.Instance"/>: their own providers, hooks, context and handlers.</summary>
public static class OpenFeatureFactory
{
    /// <summary>Creates an independent API instance, for tests and for hosts that must not share global state.</summary>
    /// <returns>The new API instance.</returns>
    public static Api CreateIsolated() => new();
}
