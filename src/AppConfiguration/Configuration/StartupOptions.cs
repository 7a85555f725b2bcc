namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>What happens when the store cannot be reached while the configuration is built.</summary>
public sealed class StartupOptions
{
    private TimeSpan _timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the initial load keeps trying (wall-clock time) before the application starts without the store,
    /// on the last-known-good file if there is one. Five seconds by default.
    /// </summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set => _timeout = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The startup timeout must be positive.");
    }

    /// <summary>When true, a failed initial load throws from <c>Build()</c> instead of starting without the store.</summary>
    public bool FailFast { get; set; }
}
