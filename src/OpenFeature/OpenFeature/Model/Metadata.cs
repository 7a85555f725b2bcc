namespace OpenFeature.Model;

/// <summary>Describes a provider (specification 2.1.1).</summary>
public class Metadata
{
    /// <summary>Creates metadata.</summary>
    /// <param name="name">The name.</param>
    public Metadata(string? name) => Name = name;

    /// <summary>The name.</summary>
    public string? Name { get; }
}
