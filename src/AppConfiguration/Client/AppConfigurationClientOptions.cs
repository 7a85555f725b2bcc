using Azure.Core;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Options of <see cref="AppConfigurationClient"/>: service version, token audience, replica failover, and
/// Azure.Core's transport, retry (<see cref="ClientOptions.Retry"/>: exponential backoff with jitter, honouring
/// <c>retry-after-ms</c> and <c>Retry-After</c>) and diagnostics settings.</summary>
public sealed class AppConfigurationClientOptions : ClientOptions
{
    /// <summary>The default Entra ID audience of App Configuration in the public cloud.</summary>
    public const string DefaultAudience = "https://appconfig.azure.com";

    private ServiceVersion _version;

    /// <summary>Creates options for the given service version.</summary>
    /// <param name="version">The <c>api-version</c> to send; <see cref="ServiceVersion.V2024_09_01"/> by default,
    /// the newest version that every store and Microsoft's container emulator accept.</param>
    public AppConfigurationClientOptions(ServiceVersion version = ServiceVersion.V2024_09_01)
    {
        Version = version;
    }

    /// <summary>The App Configuration REST API versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>api-version 1.0.</summary>
        V1_0 = 1,

        /// <summary>api-version 2023-10-01.</summary>
        V2023_10_01 = 2,

        /// <summary>api-version 2023-11-01.</summary>
        V2023_11_01 = 3,

        /// <summary>api-version 2024-09-01.</summary>
        V2024_09_01 = 4,

        /// <summary>api-version 2026-04-01.</summary>
        V2026_04_01 = 5,
    }

    /// <summary>
    /// The service version (<c>api-version</c>) to send; chosen at construction, and settable so that
    /// <c>AzureAppConfigurationOptions.ConfigureClientOptions</c> can change it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of <see cref="ServiceVersion"/>.</exception>
    public ServiceVersion Version
    {
        get => _version;
        set => _version = Enum.IsDefined(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown App Configuration service version.");
    }

    /// <summary>
    /// The Entra ID audience for token authentication (the scope requested is the audience plus <c>/.default</c>);
    /// set it for sovereign clouds, e.g. <c>https://appconfig.azure.us</c> or <c>https://appconfig.azure.cn</c>.
    /// </summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>
    /// How long a replica that failed (transport fault, 5xx or 429) is passed over before it is tried first again;
    /// doubles with each further failure up to ten minutes. 30 seconds by default.
    /// </summary>
    public TimeSpan ReplicaBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for replica backoff and request signing; the system clock by default (tests use a fake).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The api-version of the default service version.</summary>
    internal static string DefaultApiVersion => ToApiVersion(ServiceVersion.V2024_09_01);

    internal string ApiVersion => ToApiVersion(Version);

    private static string ToApiVersion(ServiceVersion version) => version switch
    {
        ServiceVersion.V1_0 => "1.0",
        ServiceVersion.V2023_10_01 => "2023-10-01",
        ServiceVersion.V2023_11_01 => "2023-11-01",
        ServiceVersion.V2024_09_01 => "2024-09-01",
        ServiceVersion.V2026_04_01 => "2026-04-01",
        _ => throw new InvalidOperationException($"Unknown service version {version}."),
    };

    internal string Scope => Audience.TrimEnd('/') + "/.default";
}
