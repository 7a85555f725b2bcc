using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>The readout endpoint's JSON (shape documented in docs/guardrails.md), written without reflection.</summary>
internal static class ExperimentReadoutJson
{
    public static Task WriteListAsync(HttpResponse response, IEnumerable<ExperimentSnapshot> experiments, CancellationToken cancellationToken) =>
        WriteAsync(response, StatusCodes.Status200OK, "application/json; charset=utf-8", json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("experiments");
            foreach (var snapshot in experiments)
            {
                json.WriteStartObject();
                WriteExperiment(json, snapshot, snapshot.Definition.ControlVariant);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }, cancellationToken);

    public static Task WriteReadoutAsync(HttpResponse response, ExperimentSnapshot snapshot, string control, double alpha, IReadOnlyList<VariantReadout> readout, CancellationToken cancellationToken) =>
        WriteAsync(response, StatusCodes.Status200OK, "application/json; charset=utf-8", json =>
        {
            json.WriteStartObject();
            WriteExperiment(json, snapshot, control);
            json.WriteNumber("alpha", alpha);
            json.WriteStartArray("variants");
            foreach (var v in readout)
            {
                json.WriteStartObject();
                json.WriteString("variant", v.Variant);
                json.WriteBoolean("control", v.IsControl);
                json.WriteNumber("exposures", v.Exposures);
                json.WriteNumber("conversions", v.Conversions);
                json.WriteNumber("conversionRate", v.ConversionRate);
                json.WriteStartObject("interval");
                json.WriteNumber("low", v.IntervalLow);
                json.WriteNumber("high", v.IntervalHigh);
                json.WriteEndObject();
                WriteNullable(json, "lift", v.Lift);
                WriteNullable(json, "pValue", v.PValue);
                json.WriteBoolean("significant", v.IsSignificant);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }, cancellationToken);

    /// <summary>An RFC 9457 problem, with the offending <paramref name="field"/> (<c>parameter</c> or <c>flag</c>) as an extension member.</summary>
    public static Task WriteProblemAsync(HttpResponse response, int status, string detail, string field, string value, CancellationToken cancellationToken) =>
        WriteAsync(response, status, "application/problem+json; charset=utf-8", json =>
        {
            json.WriteStartObject();
            json.WriteString("title", status == StatusCodes.Status404NotFound ? "Experiment not found" : "Bad request");
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteString(field, value);
            json.WriteEndObject();
        }, cancellationToken);

    private static void WriteExperiment(Utf8JsonWriter json, ExperimentSnapshot snapshot, string control)
    {
        json.WriteString("flag", snapshot.Definition.Flag);
        json.WriteString("event", snapshot.Definition.ConversionEvent);
        json.WriteString("control", control);
        json.WriteNumber("users", snapshot.Users);
        json.WriteNumber("maxUsers", snapshot.MaxUsers);
        json.WriteNumber("notEnrolled", snapshot.NotEnrolled);
        json.WriteNumber("withoutTargetingKey", snapshot.WithoutTargetingKey);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static async Task WriteAsync(HttpResponse response, int status, string contentType, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
    }
}
