namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The limits shared by every refresh interval.</summary>
internal static class RefreshIntervals
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);

    public static TimeSpan Validate(TimeSpan interval, string parameterName) =>
        interval >= Minimum
            ? interval
            : throw new ArgumentOutOfRangeException(parameterName, interval, "A refresh interval must be at least one second.");
}
