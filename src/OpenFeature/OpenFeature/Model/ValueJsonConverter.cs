using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenFeature.Model;

/// <summary>
/// Reads and writes a <see cref="Value"/> as plain JSON: null, boolean, number, string, array or object.
/// Date-times are written as ISO 8601 strings and read back as strings.
/// </summary>
public sealed class ValueJsonConverter : JsonConverter<Value>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override Value Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Value value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static Value ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return new Value();
            case JsonTokenType.True:
                return new Value(true);
            case JsonTokenType.False:
                return new Value(false);
            case JsonTokenType.Number:
                return new Value(reader.GetDouble());
            case JsonTokenType.String:
                return new Value(reader.GetString()!);
            case JsonTokenType.StartArray:
                var items = new List<Value>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return new Value(items);
            case JsonTokenType.StartObject:
                return new Value(ReadStructure(ref reader));
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType} for an OpenFeature value.");
        }
    }

    internal static Structure ReadStructure(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object, found {reader.TokenType}.");
        }

        var attributes = new Dictionary<string, Value>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            attributes[key] = ReadValue(ref reader);
        }

        return new Structure(attributes, true);
    }

    internal static void WriteValue(Utf8JsonWriter writer, Value? value)
    {
        switch (value?.AsObject)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case DateTime dt:
                writer.WriteStringValue(dt);
                break;
            case Structure structure:
                WriteStructure(writer, structure);
                break;
            case IEnumerable<Value> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
        }
    }

    internal static void WriteStructure(Utf8JsonWriter writer, Structure structure)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in structure)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, item);
        }

        writer.WriteEndObject();
    }
}
