namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>Writes response bodies with an exact <c>Content-Length</c>, and none for HEAD requests.</summary>
internal static class ResponseWriter
{
    /// <summary>Sets content type and length and writes <paramref name="body"/> unless the request is a HEAD.</summary>
    public static Task WriteBodyAsync(HttpContext context, string mediaType, byte[] body)
    {
        context.Response.ContentType = mediaType;
        context.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
