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

    /// <summary>The message of a 500 when the provider is not ready or failed.</summary>
    public const string ProviderUnavailable = "The flag provider is not available.";

    /// <summary>The message of a 500 when the flag store has not loaded yet.</summary>
    public const string NotLoaded = "The flags are not available yet.";

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
            _ when evaluation.IsProviderUnavailable => (StatusCodes.Status500InternalServerError, GeneralError(ProviderUnavailable)),
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

    public static byte[] GeneralError(string errorDetails) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("errorDetails", errorDetails);
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
        writer.WriteString("errorDetails", SafeDetails(evaluation));
        writer.WriteEndObject();
    }

    /// <summary>
    /// What a remote caller may read about a failure: the provider's own message can quote configuration paths
    /// and stored values, so it goes to the logs and the caller gets a message per error code.
    /// </summary>
    private static string SafeDetails(OfrepEvaluation evaluation) => evaluation.ErrorType switch
    {
        ErrorType.FlagNotFound => $"Flag '{evaluation.Key}' was not found.",
        ErrorType.ParseError => $"The definition of flag '{evaluation.Key}' could not be read.",
        ErrorType.TargetingKeyMissing => $"Flag '{evaluation.Key}' needs a targetingKey in the context.",
        ErrorType.InvalidContext => $"The context is not valid for flag '{evaluation.Key}'.",
        ErrorType.TypeMismatch => $"Flag '{evaluation.Key}' has a value of another type.",
        _ => $"Flag '{evaluation.Key}' could not be evaluated.",
    };

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
