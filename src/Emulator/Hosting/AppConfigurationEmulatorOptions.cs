namespace OpenFeatureAppConfig.Emulator;

/// <summary>How an <see cref="AppConfigurationEmulator"/> starts.</summary>
public sealed class AppConfigurationEmulatorOptions
{
    /// <summary>The address to listen on (an IP address, or <c>localhost</c>); loopback by default.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// The folder of the durable store (<c>store.jsonl</c>) and of the access keys
    /// (<c>access-keys.json</c>, so that connection strings survive restarts); null keeps everything in memory.
    /// </summary>
    public string? DataPath { get; set; }

    /// <summary>
    /// A JSON file of key-values and feature flags loaded when the store is empty: the shape
    /// <c>az appconfig kv export</c> writes, or an appsettings.json with a <c>feature_management</c> section.
    /// </summary>
    public string? SeedFile { get; set; }

    /// <summary>Whether requests without an <c>Authorization</c> header are accepted (with read-write access). Off unless asked for.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Whether bearer tokens from <see cref="AppConfigurationEmulator.IssueTestToken"/> are accepted.</summary>
    public bool AcceptTestTokens { get; set; }

    /// <summary>
    /// Whether a write of a feature flag (a <c>.appconfig.featureflag/</c> key with the flag content type)
    /// must follow the v2 flag schema; on by default. The service itself stores any value, so tests of how
    /// clients cope with malformed flags turn this off.
    /// </summary>
    public bool ValidateFeatureFlags { get; set; } = true;

    /// <summary>The clock for timestamps, HMAC date checks and token lifetimes.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
