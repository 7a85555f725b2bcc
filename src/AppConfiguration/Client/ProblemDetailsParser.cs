using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Reads the store's <c>application/problem+json</c> errors (<c>type</c>, <c>title</c>, <c>detail</c>, <c>status</c>)
/// into a <see cref="RequestFailedException"/>: the error code is the last segment of <c>type</c>
/// (e.g. <c>key-locked</c>), the message the title and detail, and every field lands in <see cref="Exception.Data"/>.
/// </summary>
internal sealed class ProblemDetailsParser : RequestFailedDetailsParser
{
    public static ProblemDetailsParser Instance { get; } = new();

    /// <inheritdoc />
    public override bool TryParse(Response response, [NotNullWhen(true)] out ResponseError? error, out IDictionary<string, string>? data)
    {
        error = null;
        data = null;
        if (response.Content is null || response.Content.ToMemory().IsEmpty)
        {
            error = new ResponseError(response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), response.ReasonPhrase);
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            data = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    data[property.Name] = property.Value.ToString();
                }
            }

            data.TryGetValue("type", out var type);
            data.TryGetValue("title", out var title);
            data.TryGetValue("detail", out var detail);
            var code = string.IsNullOrEmpty(type) ? null : type[(type.LastIndexOf('/') + 1)..];
            var message = string.IsNullOrEmpty(detail) ? title : string.IsNullOrEmpty(title) ? detail : $"{title} {detail}";
            error = new ResponseError(code, message ?? response.ReasonPhrase);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
