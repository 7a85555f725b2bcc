namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The refreshers of every App Configuration source in the application's configuration (from DI).</summary>
public interface IConfigurationRefresherProvider
{
    /// <summary>One refresher per App Configuration source, in the order the sources were added.</summary>
    IEnumerable<IConfigurationRefresher> Refreshers { get; }
}
