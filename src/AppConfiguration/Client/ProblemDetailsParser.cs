using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Reads the store's <c>application/problem+json</c> errors (<c>type</c>, <c>title</c>, <c>detail</c>, <c>status</c>)
/// into a <see cref="RequestFailedException"/>: the error code is the last segment of <c>type</c>
/// (e.g. <c>key-locked</c>), the message the title and detail, and every field lands in <see cref="Exception.Data"/>.
/// A 400 about the <c>api-version</c> says which version the store refused and how to choose another.
/// </summary>
internal sealed class ProblemDetailsParser(string apiVersion) : RequestFailedDetailsParser
{
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
            if (response.Status == 400 && IsAboutApiVersion(data, title))
            {
                message = $"The store does not support api-version '{apiVersion}' ({message}). Choose a version it supports with "
                    + $"AppConfigurationClientOptions.Version (for a configuration source: ConfigureClientOptions(o => o.Version = ...)); "
                    + $"{AppConfigurationClientOptions.DefaultApiVersion} is accepted by every store.";
            }

            error = new ResponseError(code, message ?? response.ReasonPhrase);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsAboutApiVersion(IDictionary<string, string> data, string? title) =>
        (data.TryGetValue("name", out var name) && string.Equals(name, "api-version", StringComparison.OrdinalIgnoreCase))
        || (title?.Contains("API version", StringComparison.OrdinalIgnoreCase) ?? false);
}
