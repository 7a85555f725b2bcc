namespace OpenFeatureAppConfig.Emulator.Hosting;

/// <summary>The emulator's logging: warnings and errors on the console for the standalone tool, nothing in process.</summary>
internal static class EmulatorLogging
{
    /// <summary>A logger factory writing single-line console entries when <paramref name="toConsole"/>, else none.</summary>
    public static ILoggerFactory CreateFactory(bool toConsole) => LoggerFactory.Create(logging =>
    {
        if (toConsole)
        {
            logging.AddSimpleConsole(o => o.SingleLine = true)
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter("OpenFeatureAppConfig", LogLevel.Information);
        }
    });
}
