using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Hosting.Ofrep;

/// <summary>Writes OFREP response bodies and picks the status code of a single evaluation.</summary>
internal static class OfrepResponseWriter
{
    /// <summary>The flag metadata passed on to remote callers (OpenFeature metadata is not enumerable).</summary>
    private static readonly string[] MetadataKeys =
    [
        FlagMetadataKeys.Description,
        FlagMetadataKeys.DisplayName,
        FlagMetadataKeys.Label,
        FlagMetadataKeys.ETag,
        FlagMetadataKeys.AllocationId,
        FlagMetadataKeys.FeatureFlagReference,
    ];

    private static readonly ValueJsonConverter Values = new();
    private static readonly JsonSerializerOptions ValueOptions = new();

    public static (int Status, byte[] Body) Single(OfrepEvaluation evaluation)
    {
        if (evaluation.IsSuccess)
        {
            return (StatusCodes.Status200OK, Write(writer => WriteEvaluation(writer, evaluation)));
        }

        return evaluation.ErrorType switch
        {
            ErrorType.FlagNotFound => (StatusCodes.Status404NotFound, Write(writer => WriteFailure(writer, evaluation))),
            _ when evaluation.IsProviderUnavailable => (StatusCodes.Status500InternalServerError, GeneralError(evaluation.ErrorDetails)),
            _ => (StatusCodes.Status400BadRequest, Write(writer => WriteFailure(writer, evaluation))),
        };
    }

    public static byte[] Bulk(IReadOnlyList<OfrepEvaluation> evaluations) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("flags");
        foreach (var evaluation in evaluations)
        {
            if (evaluation.IsSuccess)
            {
                WriteEvaluation(writer, evaluation);
            }
            else
            {
                WriteFailure(writer, evaluation);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static byte[] RequestError(string? key, string errorCode, string errorDetails) => Write(writer =>
    {
        writer.WriteStartObject();
        if (key is not null)
        {
            writer.WriteString("key", key);
        }

        writer.WriteString("errorCode", errorCode);
        writer.WriteString("errorDetails", errorDetails);
        writer.WriteEndObject();
    });

    public static byte[] GeneralError(string? errorDetails) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("errorDetails", errorDetails ?? "The flag provider is not available.");
        writer.WriteEndObject();
    });

    private static void WriteEvaluation(Utf8JsonWriter writer, OfrepEvaluation evaluation)
    {
        writer.WriteStartObject();
        writer.WriteString("key", evaluation.Key);
        if (evaluation.Value is { } value)
        {
            writer.WritePropertyName("value");
            Values.Write(writer, value, ValueOptions);
        }

        if (evaluation.Reason is { } reason)
        {
            writer.WriteString("reason", reason);
        }

        if (evaluation.Variant is { } variant)
        {
            writer.WriteString("variant", variant);
        }

        writer.WriteStartObject("metadata");
        foreach (var key in MetadataKeys)
        {
            if (evaluation.Metadata?.GetString(key) is { } text)
            {
                writer.WriteString(key, text);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteFailure(Utf8JsonWriter writer, OfrepEvaluation evaluation)
    {
        writer.WriteStartObject();
        writer.WriteString("key", evaluation.Key);
        writer.WriteString("errorCode", ErrorCode(evaluation.ErrorType));
        if (evaluation.ErrorDetails is { } details)
        {
            writer.WriteString("errorDetails", details);
        }

        writer.WriteEndObject();
    }

    /// <summary>OFREP's failure codes are a subset of OpenFeature's; the rest are reported as GENERAL.</summary>
    private static string ErrorCode(ErrorType errorType) => errorType switch
    {
        ErrorType.FlagNotFound => "FLAG_NOT_FOUND",
        ErrorType.ParseError => "PARSE_ERROR",
        ErrorType.TargetingKeyMissing => "TARGETING_KEY_MISSING",
        ErrorType.InvalidContext => "INVALID_CONTEXT",
        _ => "GENERAL",
    };

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
