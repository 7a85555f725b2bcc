using System.Text.Json;
using System.Text.Json.Serialization;
using OpenFeature.Model;

namespace OpenFeature.Serialization;

/// <summary>Reads and writes an <see cref="EvaluationContext"/> as a JSON object of its attributes.</summary>
internal sealed class EvaluationContextJsonConverter : JsonConverter<EvaluationContext>
{
    public override EvaluationContext Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var attributes = ValueJsonConverter.ReadStructure(ref reader);
        return attributes.Count == 0 ? EvaluationContext.Empty : new EvaluationContext(attributes);
    }

    public override void Write(Utf8JsonWriter writer, EvaluationContext value, JsonSerializerOptions options) =>
        ValueJsonConverter.WriteStructure(writer, value.Attributes);
}
