using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The telemetry allocation id of a flag, computed the way Microsoft's provider documents it: SHA-256 of
/// <c>seed=..\ndefault_when_enabled=..\npercentiles=from,base64(variant),to;..\nvariants=base64(name),json;..</c>
/// (percentiles sorted by <c>from</c> without empty ranges; only allocated variants, sorted by name, values as compact
/// JSON with sorted keys), first 15 bytes, base64url. Null when there is no seed and no allocated variant.
/// </summary>
internal static class AllocationId
{
    public static string? Compute(JsonElement flag, JsonElement allocation)
    {
        var seed = GetString(allocation, "seed");
        var defaultWhenEnabled = GetString(allocation, "default_when_enabled");
        var allocated = new HashSet<string>(StringComparer.Ordinal);
        if (defaultWhenEnabled is not null)
        {
            allocated.Add(defaultWhenEnabled);
        }

        var input = new StringBuilder();
        input.Append("seed=").Append(seed).Append("\ndefault_when_enabled=").Append(defaultWhenEnabled).Append("\npercentiles=");
        if (allocation.TryGetProperty("percentile", out var percentiles) && percentiles.ValueKind == JsonValueKind.Array)
        {
            var ranges = percentiles.EnumerateArray()
                .Select(p => (From: GetNumber(p, "from"), To: GetNumber(p, "to"), Variant: GetString(p, "variant") ?? string.Empty))
                .Where(p => p.From != p.To)
                .OrderBy(p => p.From)
                .ToList();
            allocated.UnionWith(ranges.Select(p => p.Variant));
            input.AppendJoin(';', ranges.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.From},{Base64(p.Variant)},{p.To}")));
        }

        if (seed is null && allocated.Count == 0)
        {
            return null;
        }

        input.Append("\nvariants=");
        if (flag.TryGetProperty("variants", out var variants) && variants.ValueKind == JsonValueKind.Array)
        {
            var chosen = variants.EnumerateArray()
                .Where(v => GetString(v, "name") is { } name && allocated.Contains(name))
                .OrderBy(v => GetString(v, "name"), StringComparer.InvariantCulture)
                .Select(v => Base64(GetString(v, "name")!) + "," +
                    (v.TryGetProperty("configuration_value", out var value) && value.ValueKind != JsonValueKind.Null ? SortedJson(value) : string.Empty));
            input.AppendJoin(';', chosen);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(input.ToString()));
        return Convert.ToBase64String(hash, 0, 15).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static double GetNumber(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string SortedJson(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(element, writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.InvariantCulture))
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
