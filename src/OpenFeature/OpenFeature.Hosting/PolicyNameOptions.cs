namespace OpenFeature.Hosting;

/// <summary>Chooses the domain of the <see cref="IFeatureClient"/> injected without a key.</summary>
public class PolicyNameOptions
{
    /// <summary>Returns the domain to use, or null for the default provider.</summary>
    public Func<IServiceProvider, string?> DefaultNameSelector { get; set; } = static _ => null;
}
