using System.Collections.Immutable;
using System.Text.Json.Serialization;
using OpenFeature.Model;

namespace OpenFeature.Serialization;

/// <summary>Source-generated JSON metadata for the OpenFeature model types (trimming and AOT friendly).</summary>
[JsonSerializable(typeof(Value))]
[JsonSerializable(typeof(Structure))]
[JsonSerializable(typeof(EvaluationContext))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(Dictionary<string, Value>))]
[JsonSerializable(typeof(KeyValuePair<string, Value>))]
[JsonSerializable(typeof(List<Value>))]
[JsonSerializable(typeof(ImmutableDictionary<string, Value>))]
[JsonSerializable(typeof(ImmutableList<Value>))]
public partial class OpenFeatureJsonSerializerContext : JsonSerializerContext
{
}
