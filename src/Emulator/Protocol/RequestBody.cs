namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// The request body read once into memory: the HMAC check hashes it and the endpoints parse it.
/// Bodies beyond <see cref="MaxBytes"/> are refused (the service's key-values are far smaller).
/// </summary>
internal static class RequestBody
{
    /// <summary>The largest body accepted.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly object ItemKey = new();

    /// <summary>The body of the request, read on first use.</summary>
    public static async ValueTask<byte[]> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is byte[] bytes)
        {
            return bytes;
        }

        if (context.Request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        bytes = buffer.ToArray();
        context.Items[ItemKey] = bytes;
        return bytes;
    }

    private static ProtocolException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, ProblemTypes.KeyValueTooLarge, "Request body too large", "body", $"The request body exceeds {MaxBytes} bytes.");
}
