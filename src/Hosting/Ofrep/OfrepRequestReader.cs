using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Hosting.Ofrep;

/// <summary>Reads an OFREP request body, <c>{"context":{...}}</c>, into an evaluation context.</summary>
internal static class OfrepRequestReader
{
    /// <summary>Bodies larger than this are refused: a context is a handful of attributes.</summary>
    internal const int MaxBodyBytes = 64 * 1024;

    internal const string ParseError = "PARSE_ERROR";
    internal const string InvalidContext = "INVALID_CONTEXT";

    private const string UnpairedSurrogate = "a string with an unpaired surrogate escape (\\uD800-\\uDFFF without its pair)";

    private static readonly JsonSerializerOptions ValueOptions = new() { Converters = { new ValueJsonConverter() } };

    public static async Task<ContextReadResult> ReadContextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return ContextReadResult.Failed(ParseError, $"The request body is larger than {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return ContextReadResult.Read(EvaluationContext.Empty);
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!Utf8.IsValid(body.Span))
        {
            return ContextReadResult.Failed(ParseError, "The request body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return ContextReadResult.Failed(ParseError, $"The request body is not JSON: {exception.Message}");
        }

        using (document)
        {
            return ReadContext(document.RootElement);
        }
    }

    private static ContextReadResult ReadContext(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ContextReadResult.Failed(ParseError, $"The request body must be a JSON object like {{\"context\":{{...}}}}, not {Describe(root)}.");
        }

        // Looking up "context" decodes every name of the body, which throws on an unpaired surrogate escape.
        if (root.EnumerateObject().Any(property => !IsText(() => property.Name)))
        {
            return ContextReadResult.Failed(ParseError, $"The request body has a property name with {UnpairedSurrogate}.");
        }

        if (!root.TryGetProperty("context", out var context) || context.ValueKind == JsonValueKind.Null)
        {
            return ContextReadResult.Read(EvaluationContext.Empty);
        }

        if (context.ValueKind != JsonValueKind.Object)
        {
            return ContextReadResult.Failed(InvalidContext, $"'context' must be a JSON object, not {Describe(context)}.");
        }

        if (FindUnreadableValue(context) is { } problem)
        {
            return ContextReadResult.Failed(InvalidContext, $"'context' contains {problem}.");
        }

        var builder = EvaluationContext.Builder();
        foreach (var attribute in context.EnumerateObject())
        {
            if (attribute.NameEquals("targetingKey"))
            {
                if (attribute.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (attribute.Value.ValueKind != JsonValueKind.String)
                {
                    return ContextReadResult.Failed(InvalidContext, $"'context.targetingKey' must be a string, not {Describe(attribute.Value)}.");
                }

                builder.SetTargetingKey(attribute.Value.GetString()!);
                continue;
            }

            builder.Set(attribute.Name, attribute.Value.Deserialize<Value>(ValueOptions)!);
        }

        return ContextReadResult.Read(builder.Build());
    }

    /// <summary>
    /// What in <paramref name="element"/> valid JSON cannot carry into an evaluation context: a string (value or
    /// name) with an unpaired surrogate escape such as <c>"\ud800"</c>, which has no UTF-16 text, or a number beyond
    /// the range of a double. Null when there is none.
    /// </summary>
    private static string? FindUnreadableValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(() => element.GetString()) ? null : UnpairedSurrogate;
            case JsonValueKind.Number:
                return element.TryGetDouble(out var number) && double.IsFinite(number) ? null : "a number out of the range of a double";
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnreadableValue(item) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsText(() => property.Name))
                    {
                        return UnpairedSurrogate;
                    }

                    if (FindUnreadableValue(property.Value) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsText(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json cannot transcode an unpaired surrogate escape to a .NET string.
            return false;
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}

/// <summary>The context read from a request, or the OFREP error code and details saying why it could not be.</summary>
internal sealed record ContextReadResult(EvaluationContext? Context, string? ErrorCode, string? ErrorDetails)
{
    public static ContextReadResult Read(EvaluationContext context) => new(context, null, null);

    public static ContextReadResult Failed(string errorCode, string details) => new(null, errorCode, details);
}
