namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// A parsed <c>Endpoint=...;Id=...;Secret=...</c> connection string. The secret is kept as key bytes only and
/// never rendered: <see cref="ToString"/> and every parse error leave it out.
/// </summary>
internal sealed class AppConfigurationConnectionString
{
    private AppConfigurationConnectionString(Uri endpoint, string id, byte[] secret)
    {
        Endpoint = endpoint;
        Id = id;
        Secret = secret;
    }

    /// <summary>The store's endpoint (scheme, host and port).</summary>
    public Uri Endpoint { get; }

    /// <summary>The access key id, sent as the HMAC credential.</summary>
    public string Id { get; }

    /// <summary>The HMAC key: the base64-decoded secret.</summary>
    public byte[] Secret { get; }

    /// <summary>Parses a connection string; errors name the faulty part without echoing the secret.</summary>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    public static AppConfigurationConnectionString Parse(string connectionString, string parameterName = "connectionString")
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The connection string is empty; expected 'Endpoint=...;Id=...;Secret=...'.", parameterName);
        }

        string? endpoint = null, id = null, secret = null;
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var index = 0; index < segments.Length; index++)
        {
            var segment = segments[index];
            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                // The segment itself is not shown: it may be (part of) the secret.
                throw new ArgumentException($"Connection string segment {index + 1} is not of the form 'Name=Value'.", parameterName);
            }

            var name = segment[..equals].Trim();
            var value = segment[(equals + 1)..].Trim();
            if (name.Equals("Endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = endpoint is null ? value : throw Duplicate("Endpoint", parameterName);
            }
            else if (name.Equals("Id", StringComparison.OrdinalIgnoreCase))
            {
                id = id is null ? value : throw Duplicate("Id", parameterName);
            }
            else if (name.Equals("Secret", StringComparison.OrdinalIgnoreCase))
            {
                secret = secret is null ? value : throw Duplicate("Secret", parameterName);
            }
            else
            {
                // The name is not shown either: a pasted secret containing '=' would look like a name.
                throw new ArgumentException($"Connection string segment {index + 1} is not Endpoint, Id or Secret.", parameterName);
            }
        }

        if (string.IsNullOrEmpty(endpoint))
        {
            throw Missing("Endpoint", parameterName);
        }

        if (string.IsNullOrEmpty(id))
        {
            throw Missing("Id", parameterName);
        }

        if (string.IsNullOrEmpty(secret))
        {
            throw Missing("Secret", parameterName);
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri) || (endpointUri.Scheme != Uri.UriSchemeHttps && endpointUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The connection string's Endpoint '{endpoint}' is not an absolute http or https URI.", parameterName);
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(secret);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The connection string's Secret is not valid base64.", parameterName);
        }

        if (key.Length == 0)
        {
            throw Missing("Secret", parameterName);
        }

        return new AppConfigurationConnectionString(new Uri(endpointUri.GetLeftPart(UriPartial.Authority)), id, key);
    }

    /// <summary>The connection string with the secret masked.</summary>
    public override string ToString() => $"Endpoint={Endpoint.GetLeftPart(UriPartial.Authority)};Id={Id};Secret=***";

    private static ArgumentException Missing(string part, string parameterName) =>
        new($"The connection string has no {part}; expected 'Endpoint=...;Id=...;Secret=...'.", parameterName);

    private static ArgumentException Duplicate(string part, string parameterName) =>
        new($"The connection string names {part} more than once.", parameterName);
}
