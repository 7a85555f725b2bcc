using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenFeatureAppConfig.Emulator.Auth;
using OpenFeatureAppConfig.Emulator.Endpoints;
using OpenFeatureAppConfig.Emulator.FeatureFlags;
using OpenFeatureAppConfig.Emulator.Hosting;
using OpenFeatureAppConfig.Emulator.Protocol;
using OpenFeatureAppConfig.Emulator.Storage;

namespace OpenFeatureAppConfig.Emulator;

/// <summary>
/// A local Azure App Configuration store: a real HTTP server speaking the data-plane REST protocol
/// (key-values, keys, labels, locks, revisions; HMAC and optional bearer authentication), with durable
/// or in-memory storage, fault injection and a request log. Start one with <see cref="StartAsync(AppConfigurationEmulatorOptions?, CancellationToken)"/>.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await AppConfigurationEmulator.StartAsync();
/// await emulator.SetFeatureFlagAsync("""{"id":"Beta","enabled":true}""");
/// var connectionString = emulator.ConnectionString;
/// </code>
/// </example>
public sealed class AppConfigurationEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly KeyValueStore _store;
    private readonly AccessKeySet _keys;
    private readonly TestTokens _tokens;
    private readonly EmulatorSettings _settings;
    private readonly ILoggerFactory _loggerFactory;
    private int _disposed;

    private AppConfigurationEmulator(WebApplication app, KeyValueStore store, AccessKeySet keys, Uri endpoint, EmulatorFaults faults, EmulatorRequestLog requests, ILoggerFactory loggerFactory)
    {
        _app = app;
        _loggerFactory = loggerFactory;
        _store = store;
        _keys = keys;
        _tokens = app.Services.GetRequiredService<TestTokens>();
        _settings = app.Services.GetRequiredService<EmulatorSettings>();
        Endpoint = endpoint;
        Faults = faults;
        Requests = requests;
    }

    /// <summary>The address clients use, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>A connection string with the read-write access key: <c>Endpoint=..;Id=..;Secret=..</c>.</summary>
    public string ConnectionString => _keys.ReadWrite.ConnectionStringFor(Endpoint);

    /// <summary>A connection string with the read-only access key (writes are answered 403).</summary>
    public string ReadOnlyConnectionString => _keys.ReadOnly.ConnectionStringFor(Endpoint);

    /// <summary>Fault injection, switchable while the emulator runs; all off by default.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Every request the emulator answered.</summary>
    public EmulatorRequestLog Requests { get; }

    /// <summary>Starts an emulator; by default on 127.0.0.1, a free port, in memory.</summary>
    /// <exception cref="InvalidDataException">The store file or the seed file cannot be read; the message says where.</exception>
    /// <exception cref="IOException">The data folder is in use by another emulator, or the port is taken.</exception>
    public static Task<AppConfigurationEmulator> StartAsync(AppConfigurationEmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new AppConfigurationEmulatorOptions(), logToConsole: false, cancellationToken);

    /// <summary>
    /// A bearer token the emulator accepts when <see cref="AppConfigurationEmulatorOptions.AcceptTestTokens"/>
    /// is on: an HS256 JWT from the emulator's test issuer for the audience <c>https://appconfig.azure.com</c>.
    /// </summary>
    public string IssueTestToken(TimeSpan? lifetime = null) => _tokens.Issue(lifetime);

    /// <summary>Creates or replaces a key-value, under the same rules and with the same revisions as a REST <c>PUT</c>.</summary>
    /// <exception cref="ArgumentException">The key, label or (for a feature flag) value is not allowed.</exception>
    /// <exception cref="InvalidOperationException">The key-value is locked.</exception>
    public Task SetKeyValueAsync(string key, string? value, string? label = null, string? contentType = null, IReadOnlyDictionary<string, string?>? tags = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Set(new SeedItem(key, label, value, contentType, tags ?? new Dictionary<string, string?>()));
        return Task.CompletedTask;
    }

    /// <summary>Creates or replaces a feature flag from its v2 JSON; the key is <c>.appconfig.featureflag/</c> + its <c>id</c>.</summary>
    /// <exception cref="ArgumentException">The JSON is not a valid v2 feature flag; the message names the field.</exception>
    public Task SetFeatureFlagAsync(string flagJson, string? label = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flagJson);
        var id = FeatureFlagValidator.ReadId(flagJson)
            ?? throw new ArgumentException("Invalid feature flag: the JSON must be an object with a string 'id'.", nameof(flagJson));
        return SetKeyValueAsync(FeatureFlagKeys.Prefix + id, flagJson, label, MediaTypes.FeatureFlag, cancellationToken: cancellationToken);
    }

    /// <summary>Deletes a key-value if it exists, recording a revision as a REST <c>DELETE</c> does.</summary>
    /// <exception cref="InvalidOperationException">The key-value is locked.</exception>
    public Task DeleteKeyValueAsync(string key, string? label = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = _store.Delete(key, KeyValueRules.NormalizeLabel(label), WriteCondition.None);
        if (result.Outcome == WriteOutcome.Locked)
        {
            throw new InvalidOperationException($"The key-value '{key}' (label '{label}') is locked.");
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops the server and closes the store; everything acknowledged is already on disk.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _store.Dispose();
            _loggerFactory.Dispose();
        }
    }

    /// <summary>Starts an emulator, optionally logging warnings to the console (the standalone tool does).</summary>
    internal static async Task<AppConfigurationEmulator> StartAsync(AppConfigurationEmulatorOptions options, bool logToConsole, CancellationToken cancellationToken)
    {
        var settings = EmulatorSettings.From(options);
        var time = options.TimeProvider;
        var loggerFactory = EmulatorLogging.CreateFactory(logToConsole);
        KeyValueStore store;
        AccessKeySet keys;
        try
        {
            keys = settings.DataPath is null ? AccessKeySet.CreateRandom() : AccessKeySet.LoadOrCreate(settings.DataPath);
            store = OpenStore(settings, time, loggerFactory);
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }

        WebApplication? app = null;
        try
        {
            var faults = new EmulatorFaults();
            var requests = new EmulatorRequestLog();
            app = EmulatorApplication.Build(settings, time, store, keys, faults, requests, loggerFactory);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var emulator = new AppConfigurationEmulator(app, store, keys, ResolveEndpoint(app, settings), faults, requests, loggerFactory);
            if (settings.SeedFile is not null && store.IsEmpty)
            {
                emulator.Seed(settings.SeedFile);
            }

            return emulator;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            store.Dispose();
            loggerFactory.Dispose();
            throw;
        }
    }

    private static KeyValueStore OpenStore(EmulatorSettings settings, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger<KeyValueStore>();
        if (settings.DataPath is null)
        {
            return new KeyValueStore(time, logger);
        }

        var journal = StoreJournal.Open(settings.DataPath, logger, out var recorded);
        try
        {
            return new KeyValueStore(time, logger, journal, recorded);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    private static Uri ResolveEndpoint(WebApplication app, EmulatorSettings settings)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Port;
        var listening = EmulatorApplication.ResolveAddress(settings.Host);
        var host = settings.Host == "localhost" ? "localhost"
            : listening.Equals(IPAddress.Any) ? "127.0.0.1"
            : listening.Equals(IPAddress.IPv6Any) ? "[::1]"
            : listening.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{listening}]"
            : listening.ToString();
        return new Uri($"http://{host}:{port}");
    }

    private void Seed(string seedFile)
    {
        var path = Path.GetFullPath(seedFile);
        var items = SeedDocument.Parse(File.ReadAllText(path), path);
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                Set(items[i]);
            }
            catch (ArgumentException exception)
            {
                throw new InvalidDataException($"The seed file '{path}' has an invalid entry #{i + 1} ('{items[i].Key}'): {exception.Message}", exception);
            }
        }
    }

    private void Set(SeedItem item)
    {
        var label = KeyValueRules.NormalizeLabel(item.Label);
        try
        {
            KeyValueRules.CheckIdentity(item.Key, label);
            KeyValueRules.CheckValue(item.Key, item.Value, item.ContentType, _settings.ValidateFeatureFlags);
        }
        catch (ProtocolException problem)
        {
            throw new ArgumentException(problem.Detail ?? problem.Title, problem.Name);
        }

        var result = _store.Set(item.Key, label, item.Value, item.ContentType, item.Tags, WriteCondition.None);
        if (result.Outcome == WriteOutcome.Locked)
        {
            throw new InvalidOperationException($"The key-value '{item.Key}' (label '{label}') is locked.");
        }
    }
}
