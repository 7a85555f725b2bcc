namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>The <c>x-ms-client-request-id</c> a client may send, which every answer echoes.</summary>
internal static class ClientRequestId
{
    /// <summary>The header's name.</summary>
    public const string HeaderName = "x-ms-client-request-id";

    /// <summary>The id to echo, or null when there is none or it cannot be echoed (not printable ASCII).</summary>
    public static string? Echoable(HttpRequest request)
    {
        var value = request.Headers[HeaderName].ToString();
        return value.Length > 0 && HeaderValues.IsVisibleAscii(value) ? value : null;
    }

    /// <summary>Refuses, with a 400 naming the header, an id that cannot be echoed.</summary>
    public static void Check(HttpRequest request)
    {
        var value = request.Headers[HeaderName].ToString();
        if (value.Length > 0 && !HeaderValues.IsVisibleAscii(value))
        {
            throw ProtocolException.InvalidArgument(HeaderName, $"The {HeaderName} header must be printable ASCII.", "Invalid request header");
        }
    }
}
