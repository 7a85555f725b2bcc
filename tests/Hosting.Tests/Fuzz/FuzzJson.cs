using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace OpenFeatureAppConfig.Hosting.Tests.Fuzz;

/// <summary>
/// Generators of JSON text as a hostile or careless client writes it: valid values of every kind, plus what
/// System.Text.Json parses but .NET cannot hold (unpaired surrogate escapes, numbers beyond a double), long strings
/// and deep nesting.
/// </summary>
internal static class FuzzJson
{
    public static readonly Gen<string> String = Gen.Frequency(
        (6, Gen.String[0, 20].Select(s => JsonSerializer.Serialize(s))),
        (3, Gen.OneOf("\"alice\"", "\"bob\"", "\"beta-testers\"", "\"\"", "\"a,b\"", "\"2026-01-01T00:00:00Z\"", "\"Mon, 01 Jan 2024 00:00:00 GMT\"")),
        (2, Gen.OneOf("\"\\ud800\"", "\"a\\udc00b\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\\\\\"", "\"\\\"\"", "\"\\uFFFF\"")),
        (1, Gen.Int[0, 70_000].Select(n => "\"" + new string('x', n) + "\"")));

    public static readonly Gen<string> Number = Gen.Frequency(
        (3, Gen.OneOf("0", "-0", "1", "-1", "0.5", "50", "100", "101", "-5", "1e308", "1e400", "-1e400", "1.5e-400", "123456789012345678901234567890", "2147483648")),
        (2, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1")),
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))));

    public static readonly Gen<string> Scalar = Gen.Frequency(
        (1, Gen.OneOf("null", "true", "false")),
        (3, Number),
        (4, String));

    /// <summary>Any JSON value, nested a few levels.</summary>
    public static readonly Gen<string> Value = Gen.Recursive<string>((depth, self) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, self.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Object(String, self))));

    /// <summary>An object whose property names come from <paramref name="names"/> and values from <paramref name="values"/>.</summary>
    public static Gen<string> Object(Gen<string> names, Gen<string> values) =>
        Gen.Select(names, values, (name, value) => name + ":" + value).Array[0, 5].Select(members => "{" + string.Join(",", members) + "}");

    /// <summary>Nesting far beyond any reader's limit, as arrays or objects.</summary>
    public static readonly Gen<string> DeepNesting = Gen.Select(Gen.Int[1, 5_000], Gen.Bool, (depth, arrays) => arrays
        ? new string('[', depth) + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));

    /// <summary>Valid JSON cut short, bytes that are not UTF-8, or garbage.</summary>
    public static Gen<byte[]> Broken(Gen<string> valid) => Gen.Frequency(
        (2, Gen.Select(valid, Gen.Double[0, 1], (json, cut) => Encoding.UTF8.GetBytes(json[..(int)(json.Length * cut)]))),
        (1, Gen.Byte.Array[0, 64]),
        (1, Gen.Select(valid, Gen.Byte[0x80, 0xFF], Gen.Double[0, 1], (json, bad, at) =>
        {
            var bytes = Encoding.UTF8.GetBytes(json).ToList();
            bytes.Insert((int)(bytes.Count * at), bad);
            return bytes.ToArray();
        })));
}
