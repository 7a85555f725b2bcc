using System.Text.Json;
using System.Text.Json.Nodes;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>
/// The in-process App Configuration emulator the sample runs on when no store is configured: seeded with the
/// sample's flags and one key-value, and stopped when the app's services are disposed.
/// </summary>
public sealed class EmbeddedFlagStore : IAsyncDisposable
{
    /// <summary>The key-value the store adds over <c>appsettings.json</c> to show configuration layering.</summary>
    public const string BannerKey = "Sample:Banner";

    private EmbeddedFlagStore(AppConfigurationEmulator emulator) => Emulator = emulator;

    /// <summary>The running emulator.</summary>
    public AppConfigurationEmulator Emulator { get; }

    /// <summary>Starts an emulator on a free loopback port, in memory, seeded with <c>sample-flags.json</c>.</summary>
    public static async Task<EmbeddedFlagStore> StartAsync(CancellationToken cancellationToken = default)
    {
        var emulator = await AppConfigurationEmulator.StartAsync(cancellationToken: cancellationToken);
        try
        {
            foreach (var flag in ReadSampleFlags())
            {
                await emulator.SetFeatureFlagAsync(flag.ToJsonString(), cancellationToken: cancellationToken);
            }

            await emulator.SetKeyValueAsync(BannerKey, "Welcome (from App Configuration)", cancellationToken: cancellationToken);
            return new EmbeddedFlagStore(emulator);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>The flags of <c>sample-flags.json</c> (embedded in the assembly), each as a v2 flag object.</summary>
    public static IReadOnlyList<JsonObject> ReadSampleFlags()
    {
        using var stream = typeof(EmbeddedFlagStore).Assembly.GetManifestResourceStream("sample-flags.json")
            ?? throw new InvalidOperationException("The sample's flags (sample-flags.json) are not embedded in the assembly.");
        var document = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        return document["feature_management"]!["feature_flags"]!.AsArray().Select(flag => flag!.AsObject()).ToList();
    }

    /// <summary>The embedded store registered in <paramref name="services"/>, or null when the sample runs on another store.</summary>
    public static EmbeddedFlagStore? FindIn(IServiceCollection services) =>
        services.FirstOrDefault(service => service.ServiceType == typeof(EmbeddedFlagStore))?.ImplementationInstance as EmbeddedFlagStore;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
