using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Client of the Azure App Configuration data plane (key-values and feature flags) on an Azure.Core pipeline:
/// HMAC or Entra ID authentication, retries with backoff, <c>Sync-Token</c> consistency and replica failover.
/// Thread-safe; create one per store and share it.
/// </summary>
public class AppConfigurationClient
{
    private const string KeyValueMediaType = "application/vnd.microsoft.appconfig.kv+json";
    private const string KeyValueAccept = "application/vnd.microsoft.appconfig.kv+json, application/problem+json";
    private const string KeyValueSetAccept = "application/vnd.microsoft.appconfig.kvset+json, application/problem+json";

    private readonly ReplicaSet _replicas = null!;
    private readonly SyncTokenPolicy _syncTokens = null!;
    private readonly string _apiVersion = null!;
    private readonly ProblemDetailsParser _problems = null!;

    /// <summary>Creates a client for a store from its connection string (<c>Endpoint=...;Id=...;Secret=...</c>).</summary>
    /// <exception cref="ArgumentException">The connection string is malformed; the message names the part, never the secret.</exception>
    public AppConfigurationClient(string connectionString)
        : this([connectionString], null)
    {
    }

    /// <summary>Creates a client for a store from its connection string, with options.</summary>
    /// <exception cref="ArgumentException">The connection string is malformed; the message names the part, never the secret.</exception>
    public AppConfigurationClient(string connectionString, AppConfigurationClientOptions? options)
        : this([connectionString], options)
    {
    }

    /// <summary>Creates a client for the replicas of one store, given by their connection strings, primary first.</summary>
    /// <exception cref="ArgumentException">A connection string is malformed, or none is given.</exception>
    public AppConfigurationClient(IEnumerable<string> replicaConnectionStrings, AppConfigurationClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(replicaConnectionStrings);
        options ??= new AppConfigurationClientOptions();
        _apiVersion = options.ApiVersion;
        _problems = new ProblemDetailsParser(_apiVersion);
        _syncTokens = new SyncTokenPolicy(options.TimeProvider);
        var timeProvider = options.TimeProvider;
        var parsed = replicaConnectionStrings
            .Select(cs => AppConfigurationConnectionString.Parse(cs, nameof(replicaConnectionStrings)))
            .ToList();
        if (parsed.Count == 0)
        {
            throw new ArgumentException("At least one connection string is needed.", nameof(replicaConnectionStrings));
        }

        _replicas = new ReplicaSet(
            parsed.Select(cs => (cs.Endpoint, BuildPipeline(options, new HmacAuthenticationPolicy(cs.Id, cs.Secret, timeProvider)))),
            options.ReplicaBackoff,
            timeProvider);
    }

    /// <summary>Creates a client for a store authenticating with Entra ID (scope: <see cref="AppConfigurationClientOptions.Audience"/> + <c>/.default</c>).</summary>
    public AppConfigurationClient(Uri endpoint, TokenCredential credential, AppConfigurationClientOptions? options = null)
        : this([endpoint], credential, options)
    {
    }

    /// <summary>Creates a client for the replicas of one store (primary first), authenticating with Entra ID.</summary>
    public AppConfigurationClient(IEnumerable<Uri> replicaEndpoints, TokenCredential credential, AppConfigurationClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(replicaEndpoints);
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new AppConfigurationClientOptions();
        _apiVersion = options.ApiVersion;
        _problems = new ProblemDetailsParser(_apiVersion);
        _syncTokens = new SyncTokenPolicy(options.TimeProvider);
        var endpoints = replicaEndpoints.ToList();
        foreach (var endpoint in endpoints)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"The endpoint '{endpoint}' is not an absolute http or https URI.", nameof(replicaEndpoints));
            }
        }

        var policy = new TokenCredentialPolicy(credential, options.Scope);
        _replicas = new ReplicaSet(
            endpoints.Select(e => (new Uri(e.GetLeftPart(UriPartial.Authority)), BuildPipeline(options, policy))),
            options.ReplicaBackoff,
            options.TimeProvider);
    }

    /// <summary>For mocking.</summary>
    protected AppConfigurationClient()
    {
    }

    /// <summary>The endpoint of the store (its primary replica).</summary>
    public virtual Uri Endpoint => _replicas.PrimaryEndpoint;

    /// <summary>Lists the settings the selector matches, following the store's paging.</summary>
    public virtual async IAsyncEnumerable<ConfigurationSetting> GetConfigurationSettingsAsync(
        SettingSelector selector,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        string? continuation = null;
        do
        {
            var page = (await GetConfigurationSettingsPageAsync(selector, continuation, null, cancellationToken).ConfigureAwait(false)).Value;
            foreach (var setting in page.Settings)
            {
                yield return setting;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// Reads one page of a list. With <paramref name="ifNoneMatch"/> the request is conditional: a page that still
    /// has that entity tag comes back as <see cref="ConfigurationSettingsPage.IsUnchanged"/> (a 304, no body).
    /// </summary>
    /// <param name="selector">The settings to list.</param>
    /// <param name="continuationToken">Null for the first page, else a previous page's <see cref="ConfigurationSettingsPage.ContinuationToken"/>.</param>
    /// <param name="ifNoneMatch">The page's entity tag from an earlier read, or null for an unconditional read.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="RequestFailedException">The store answered with an error (status and problem details attached).</exception>
    public virtual Task<Response<ConfigurationSettingsPage>> GetConfigurationSettingsPageAsync(
        SettingSelector selector,
        string? continuationToken = null,
        ETag? ifNoneMatch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return _replicas.SendAsync(
            (pipeline, endpoint) =>
            {
                var message = continuationToken is null
                    ? CreateListMessage(pipeline, endpoint, selector)
                    : CreateNextPageMessage(pipeline, endpoint, continuationToken);
                message.Request.Headers.SetValue(HttpHeader.Names.Accept, KeyValueSetAccept);
                if (ifNoneMatch is { } etag)
                {
                    message.Request.Headers.SetValue(HttpHeader.Names.IfNoneMatch, ToHeader(etag));
                }

                return message;
            },
            response =>
            {
                var next = NextLinkFromHeader(response);
                switch (response.Status)
                {
                    case 304:
                        return Response.FromValue(new ConfigurationSettingsPage(true, [], ifNoneMatch ?? default, next), response);
                    case 200:
                        var (items, bodyETag, bodyNext) = SettingsJson.ParsePage(response.Content.ToMemory());
                        var pageETag = response.Headers.ETag ?? (bodyETag is null ? default : new ETag(bodyETag));
                        return Response.FromValue(new ConfigurationSettingsPage(false, items, pageETag, next ?? bodyNext), response);
                    default:
                        throw Failure(response);
                }
            },
            cancellationToken);
    }

    /// <summary>Reads one setting.</summary>
    /// <exception cref="RequestFailedException">The setting does not exist (404) or the store answered with an error.</exception>
    public virtual async Task<Response<ConfigurationSetting>> GetConfigurationSettingAsync(string key, string? label = null, CancellationToken cancellationToken = default)
    {
        var response = await GetConfigurationSettingIfChangedAsync(key, label, null, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Value!, response.GetRawResponse());
    }

    /// <summary>
    /// Reads one setting unless it still has the entity tag <paramref name="ifNoneMatch"/>, in which case the
    /// response is a 304 and the value null.
    /// </summary>
    /// <exception cref="RequestFailedException">The setting does not exist (404) or the store answered with an error.</exception>
    public virtual Task<Response<ConfigurationSetting?>> GetConfigurationSettingIfChangedAsync(
        string key, string? label, ETag? ifNoneMatch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _replicas.SendAsync(
            (pipeline, endpoint) =>
            {
                var message = CreateKeyMessage(pipeline, endpoint, RequestMethod.Get, key, label);
                message.Request.Headers.SetValue(HttpHeader.Names.Accept, KeyValueAccept);
                if (ifNoneMatch is { } etag)
                {
                    message.Request.Headers.SetValue(HttpHeader.Names.IfNoneMatch, ToHeader(etag));
                }

                return message;
            },
            response => response.Status switch
            {
                200 => Response.FromValue<ConfigurationSetting?>(SettingsJson.ParseSetting(response.Content.ToMemory()), response),
                304 => Response.FromValue<ConfigurationSetting?>(null, response),
                _ => throw Failure(response),
            },
            cancellationToken);
    }

    /// <summary>
    /// Creates or replaces a setting. With <paramref name="onlyIfUnchanged"/> the write is conditional on the
    /// setting's <see cref="ConfigurationSetting.ETag"/> (412 when the store's copy changed meanwhile).
    /// </summary>
    /// <exception cref="RequestFailedException">The condition failed (412), the key is locked (409), or another error.</exception>
    public virtual Task<Response<ConfigurationSetting>> SetConfigurationSettingAsync(
        ConfigurationSetting setting, bool onlyIfUnchanged = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return PutAsync(setting, onlyIfUnchanged ? ToHeader(setting.ETag) : null, null, cancellationToken);
    }

    /// <summary>Creates a setting only if it does not exist yet (412 otherwise).</summary>
    /// <exception cref="RequestFailedException">The setting exists (412) or the store answered with an error.</exception>
    public virtual Task<Response<ConfigurationSetting>> AddConfigurationSettingAsync(ConfigurationSetting setting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return PutAsync(setting, null, "*", cancellationToken);
    }

    /// <summary>
    /// Deletes a setting; with <paramref name="ifMatch"/> only if it still has that entity tag (412 otherwise).
    /// Answers 200 with the deleted setting, or 204 when there was none.
    /// </summary>
    /// <exception cref="RequestFailedException">The condition failed (412), the key is locked (409), or another error.</exception>
    public virtual Task<Response> DeleteConfigurationSettingAsync(
        string key, string? label = null, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _replicas.SendAsync(
            (pipeline, endpoint) =>
            {
                var message = CreateKeyMessage(pipeline, endpoint, RequestMethod.Delete, key, label);
                message.Request.Headers.SetValue(HttpHeader.Names.Accept, KeyValueAccept);
                if (ifMatch is { } etag)
                {
                    message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, ToHeader(etag));
                }

                return message;
            },
            response => response.Status is 200 or 204 ? response : throw Failure(response),
            cancellationToken);
    }

    /// <summary>
    /// Records a sync token (e.g. from an Event Grid push notification) so that the next reads see at least that
    /// revision of the store. Such a token is untrusted: only a few are kept, each for a minute at most, and one
    /// the store rejects is forgotten and the read sent again without it.
    /// </summary>
    /// <param name="syncToken">One token, <c>id=value;sn=n</c> (an id of letters and digits, a base64 value).</param>
    /// <exception cref="ArgumentException">The token is malformed or too long; the message says why.</exception>
    public virtual void UpdateSyncToken(string syncToken) => _syncTokens.AddPushed(syncToken);

    /// <summary>The highest <c>sn</c> of the store's sync tokens seen so far: orders the states of the store (fleet snapshot versions).</summary>
    internal long StoreSequenceNumber => _syncTokens?.HighestSequenceNumber ?? 0;

    /// <inheritdoc />
    public override string ToString() => $"AppConfigurationClient({Endpoint})";

    private HttpPipeline BuildPipeline(AppConfigurationClientOptions options, HttpPipelinePolicy authentication) =>
        HttpPipelineBuilder.Build(new HttpPipelineOptions(options)
        {
            PerRetryPolicies = { authentication, _syncTokens },
            RequestFailedDetailsParser = _problems,
        });

    private Task<Response<ConfigurationSetting>> PutAsync(ConfigurationSetting setting, string? ifMatch, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        var body = SettingsJson.SerializeForPut(setting);
        return _replicas.SendAsync(
            (pipeline, endpoint) =>
            {
                var message = CreateKeyMessage(pipeline, endpoint, RequestMethod.Put, setting.Key, setting.Label);
                message.Request.Headers.SetValue(HttpHeader.Names.Accept, KeyValueAccept);
                message.Request.Headers.SetValue(HttpHeader.Names.ContentType, KeyValueMediaType);
                message.Request.Content = RequestContent.Create(body);
                if (ifMatch is not null)
                {
                    message.Request.Headers.SetValue(HttpHeader.Names.IfMatch, ifMatch);
                }

                if (ifNoneMatch is not null)
                {
                    message.Request.Headers.SetValue(HttpHeader.Names.IfNoneMatch, ifNoneMatch);
                }

                return message;
            },
            response => response.Status == 200
                ? Response.FromValue(SettingsJson.ParseSetting(response.Content.ToMemory()), response)
                : throw Failure(response),
            cancellationToken);
    }

    private HttpMessage CreateListMessage(HttpPipeline pipeline, Uri endpoint, SettingSelector selector)
    {
        var message = pipeline.CreateMessage();
        var uri = message.Request.Uri;
        message.Request.Method = RequestMethod.Get;
        uri.Reset(endpoint);
        uri.AppendPath("/kv", escape: false);
        uri.AppendQuery("api-version", _apiVersion, escapeValue: true);
        if (selector.KeyFilter is not null)
        {
            uri.AppendQuery("key", selector.KeyFilter, escapeValue: true);
        }

        if (selector.LabelFilter is not null)
        {
            uri.AppendQuery("label", selector.LabelFilter, escapeValue: true);
        }

        foreach (var tag in selector.TagsFilter)
        {
            uri.AppendQuery("tags", tag, escapeValue: true);
        }

        if (selector.Fields != SettingFields.All)
        {
            uri.AppendQuery("$select", SelectValue(selector.Fields), escapeValue: true);
        }

        return message;
    }

    private HttpMessage CreateNextPageMessage(HttpPipeline pipeline, Uri endpoint, string continuationToken)
    {
        // Only the path and query of the link are used: the request stays on this replica's endpoint.
        // (A rooted path such as "/kv?..." is an absolute file URI on Unix, hence the scheme check.)
        var link = continuationToken.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(continuationToken, UriKind.Absolute, out var absolute)
            ? absolute.PathAndQuery
            : continuationToken;
        var queryStart = link.IndexOf('?');
        var path = queryStart < 0 ? link : link[..queryStart];
        var query = queryStart < 0 ? string.Empty : link[queryStart..];
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The continuation token is not a link returned by the store.", nameof(continuationToken));
        }

        var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        var uri = message.Request.Uri;
        uri.Reset(endpoint);
        uri.AppendPath(path, escape: false);
        uri.Query = query;
        if (!query.Contains("api-version=", StringComparison.OrdinalIgnoreCase))
        {
            uri.AppendQuery("api-version", _apiVersion, escapeValue: true);
        }

        return message;
    }

    private HttpMessage CreateKeyMessage(HttpPipeline pipeline, Uri endpoint, RequestMethod method, string key, string? label)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        var uri = message.Request.Uri;
        uri.Reset(endpoint);
        uri.AppendPath("/kv/", escape: false);
        uri.AppendPath(key, escape: true);
        uri.AppendQuery("api-version", _apiVersion, escapeValue: true);
        if (label is not null)
        {
            uri.AppendQuery("label", label, escapeValue: true);
        }

        return message;
    }

    private static string SelectValue(SettingFields fields)
    {
        var names = new List<string>(8);
        void Add(SettingFields flag, string name)
        {
            if (fields.HasFlag(flag))
            {
                names.Add(name);
            }
        }

        Add(SettingFields.Key, "key");
        Add(SettingFields.Label, "label");
        Add(SettingFields.Value, "value");
        Add(SettingFields.ContentType, "content_type");
        Add(SettingFields.ETag, "etag");
        Add(SettingFields.LastModified, "last_modified");
        Add(SettingFields.IsReadOnly, "locked");
        Add(SettingFields.Tags, "tags");
        return string.Join(",", names);
    }

    private static string ToHeader(ETag etag)
    {
        var value = etag.ToString();
        return value == "*" || value.StartsWith('"') || value.StartsWith("W/", StringComparison.Ordinal) ? value : $"\"{value}\"";
    }

    private static string? NextLinkFromHeader(Response response)
    {
        if (!response.Headers.TryGetValue("Link", out var link))
        {
            return null;
        }

        foreach (var part in link.Split(','))
        {
            var open = part.IndexOf('<');
            var close = part.IndexOf('>');
            if (open >= 0 && close > open && (part.AsSpan(close).Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || part.AsSpan(close).Contains("rel=next", StringComparison.OrdinalIgnoreCase)))
            {
                return part[(open + 1)..close];
            }
        }

        return null;
    }

    private RequestFailedException Failure(Response response) =>
        new(response, null, _problems);
}
