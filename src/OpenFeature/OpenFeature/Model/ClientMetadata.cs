namespace OpenFeature.Model;

/// <summary>Describes a client (specification 1.2.2): its domain and version.</summary>
public sealed class ClientMetadata : Metadata
{
    /// <summary>Creates client metadata.</summary>
    /// <param name="name">The client's domain, or null for the default.</param>
    /// <param name="version">The client's version, or null.</param>
    public ClientMetadata(string? name, string? version)
        : base(name)
    {
        Version = version;
    }

    /// <summary>The client's version.</summary>
    public string? Version { get; }
}
