namespace OpenFeatureAppConfig.Emulator.Hosting;

/// <summary>The options an emulator started with, frozen so that later changes to the options object do nothing.</summary>
internal sealed record EmulatorSettings(string Host, int Port, string? DataPath, string? SeedFile, bool AllowAnonymous, bool AcceptTestTokens, bool ValidateFeatureFlags)
{
    /// <summary>Freezes <paramref name="options"/>, checking them.</summary>
    public static EmulatorSettings From(AppConfigurationEmulatorOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host, nameof(options.Host));
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        return new EmulatorSettings(options.Host, options.Port, options.DataPath, options.SeedFile, options.AllowAnonymous, options.AcceptTestTokens, options.ValidateFeatureFlags);
    }
}
