using System.Text.Json;
using System.Text.Json.Serialization;
using OpenFeature.Model;

namespace OpenFeature.Serialization;

/// <summary>Reads and writes a <see cref="Structure"/> as a JSON object.</summary>
internal sealed class StructureJsonConverter : JsonConverter<Structure>
{
    public override Structure Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ValueJsonConverter.ReadStructure(ref reader);

    public override void Write(Utf8JsonWriter writer, Structure value, JsonSerializerOptions options) =>
        ValueJsonConverter.WriteStructure(writer, value);
}
