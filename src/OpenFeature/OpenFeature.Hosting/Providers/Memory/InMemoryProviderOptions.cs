using OpenFeature.Providers.Memory;

namespace OpenFeature.Hosting.Providers.Memory;

/// <summary>The flags of an <see cref="InMemoryProvider"/> added with AddInMemoryProvider.</summary>
public class InMemoryProviderOptions : OpenFeatureOptions
{
    /// <summary>The flags by key.</summary>
    public IDictionary<string, Flag>? Flags { get; set; }
}
