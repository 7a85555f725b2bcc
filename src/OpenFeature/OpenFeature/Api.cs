namespace OpenFeature;

/// <summary>The global entry point of the OpenFeature evaluation API.</summary>
public sealed class Api
{
    private Api()
    {
    }

    /// <summary>The singleton instance.</summary>
    public static Api Instance { get; } = new();
}
