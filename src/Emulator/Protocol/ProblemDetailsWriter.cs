using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>Writes the service's error shape: <c>application/problem+json</c> with type, title, name, detail, status.</summary>
internal static class ProblemDetailsWriter
{
    /// <summary>The media type of errors.</summary>
    public const string MediaType = "application/problem+json; charset=utf-8";

    /// <summary>Answers with <paramref name="problem"/>.</summary>
    public static Task WriteAsync(HttpContext context, ProtocolException problem) =>
        WriteAsync(context, problem.Status, problem.Type, problem.Title, problem.Name, problem.Detail);

    /// <summary>Answers with a problem built from its parts.</summary>
    public static Task WriteAsync(HttpContext context, int status, string type, string title, string? name = null, string? detail = null, IEnumerable<KeyValuePair<string, object>>? extensions = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("title", title);
            if (name is not null)
            {
                writer.WriteString("name", name);
            }

            if (detail is not null)
            {
                writer.WriteString("detail", detail);
            }

            foreach (var (extensionName, value) in extensions ?? [])
            {
                writer.WritePropertyName(extensionName);
                JsonSerializer.Serialize(writer, value);
            }

            writer.WriteNumber("status", status);
            writer.WriteEndObject();
        }

        context.Response.StatusCode = status;
        return ResponseWriter.WriteBodyAsync(context, MediaType, buffer.ToArray());
    }
}
