namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>
/// Chooses the sample's flag store before <c>AddFeatureFlags</c> reads the configuration: <c>--flags file.json</c>
/// (local JSON), a configured store (<c>ConnectionStrings:AppConfig</c> and the other <c>FeatureFlags</c> settings),
/// or else an embedded emulator seeded with the sample flags.
/// </summary>
internal static class SampleFlagStoreSetup
{
    /// <summary>The command-line setting naming a local JSON file of flags.</summary>
    public const string FlagsFileSetting = "flags";

    private static readonly string[] StoreSettings =
    [
        "FeatureFlags:File",
        "FeatureFlags:ConnectionString",
        "FeatureFlags:Endpoint",
        "ConnectionStrings:AppConfig",
    ];

    public static async Task<FlagSource> ConfigureAsync(WebApplicationBuilder builder)
    {
        if (builder.Configuration[FlagsFileSetting] is { Length: > 0 } file)
        {
            // Relative to where the user typed the command, not to the content root.
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"--flags: the flags file '{path}' does not exist.", path);
            }

            builder.Configuration.AddInMemoryCollection([new("FeatureFlags:File", path)]);
            return new FlagSource($"the local JSON file {path}", null);
        }

        if (StoreSettings.FirstOrDefault(setting => !string.IsNullOrEmpty(builder.Configuration[setting])) is { } configured)
        {
            return new FlagSource($"the store configured by {configured}", null);
        }

        var store = await EmbeddedFlagStore.StartAsync();
        builder.Services.AddSingleton(store);
        builder.Services.AddHostedService(_ => new EmbeddedFlagStoreLifetime(store));
        builder.Configuration.AddInMemoryCollection([new("FeatureFlags:ConnectionString", store.Emulator.ConnectionString)]);
        return new FlagSource($"the embedded App Configuration emulator at {store.Emulator.Endpoint}", new Uri(store.Emulator.Endpoint, "/"));
    }
}
