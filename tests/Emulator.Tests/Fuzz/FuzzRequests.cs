using System.Globalization;
using System.Text;
using CsCheck;

namespace OpenFeatureAppConfig.Emulator.Tests.Fuzz;

/// <summary>
/// Generators of hostile requests over the emulator's REST surface: keys and labels with wildcards, escapes,
/// percent-encodings broken or of lone surrogates; filters; <c>$select</c>; headers non-ASCII, huge or
/// repeated; bodies well-formed, broken, with lone surrogates or invalid UTF-8, and feature flags with
/// malformed built-in filter parameters.
/// </summary>
internal static class FuzzRequests
{
    private const string FlagPrefix = ".appconfig.featureflag/";
    private const string FlagContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";

    // Characters of names, each a string so that a lone surrogate or an emoji stays one unit.
    private static readonly string[] NameUnits =
        ["a", "b", "Z", "0", "-", "_", ".", "/", ":", "*", ",", "\\", "%", " ", "é", "€", "😀", "\ud800", "\udc00", "\0", "\t", "#", "?", "&", "="];

    private static readonly Gen<string> Name = Gen.OneOf(NameUnits).Array[0, 8].Select(units => string.Concat(units));

    // Mostly the few keys writes share (so reads, locks and conditions meet existing items), sometimes anything.
    private static readonly Gen<string> Key = Gen.Frequency(
        (6, Gen.OneOf("a", "b", "a/b", "x:y", FlagPrefix + "Beta", FlagPrefix + "a")),
        (4, Name));

    private static readonly Gen<string?> Label = Gen.Frequency(
        (5, Gen.Const((string?)null)),
        (3, Gen.OneOf<string?>("prod", "\0", "%00", "*", "dev,prod", "")),
        (2, Name.Select(n => (string?)n)));

    private static readonly Gen<string> Encoded = Gen.Frequency(
        (6, Name.Select(Encode)),
        (1, Gen.OneOf("%", "%z", "%ED%A0%80", "%FF%FE", "%00", "%C3", "%2", "a%2Fb", "%2A", "%25")),
        (1, Gen.String[Gen.Char['a', 'z'], 1000, 5000]));

    private static readonly Gen<string> Select = Gen.OneOf("key", "label", "value", "etag", "tags", "locked", "last_modified", "content_type", "name", "", "KEY", "*", "é", ",,")
        .Array[1, 4].Select(fields => string.Join(",", fields));

    private static readonly Gen<string> ApiVersion = Gen.Frequency(
        (12, Gen.OneOf("1.0", "2023-10-01", "2023-11-01", "2024-09-01")),
        (1, Gen.OneOf("", "2.0", "1.0&api-version=1.0", "%FF", "2026-04-01", "1.0,1.0")));

    private static readonly Gen<string> QueryExtra = Gen.Frequency(
        (6, Gen.Const(string.Empty)),
        (1, Select.Select(s => "&$select=" + Encode(s))),
        (1, Select.Select(s => "&%24select=" + Encode(s))),
        (1, Encoded.Select(e => "&after=" + e)),
        (1, Gen.OneOf("&tags=a%3Db", "&tags=%3D", "&tags=a%3D%00", "&tags=a", "&tags=a%3Db&tags=c%3Dd&tags=e%3Df&tags=g%3Dh&tags=i%3Dj&tags=k%3Dl")),
        (1, Gen.OneOf("&snapshot=s", "&label=a&label=b", "&key=a&KEY=b", "&unknown=1", "&=", "&&&", "&label")));

    private static readonly Gen<string> ListPath = Gen.Select(
        Gen.OneOf("/kv", "/keys", "/labels", "/revisions", "/kv/", "/revisions/", "/keys?", "/locks"),
        Encoded.Null(0.4),
        Encoded.Null(0.5),
        ApiVersion,
        QueryExtra,
        (resource, key, label, version, extra) =>
            resource + "?api-version=" + version + (key is null ? string.Empty : (resource == "/keys" || resource == "/labels" ? "&name=" : "&key=") + key) + (label is null ? string.Empty : "&label=" + label) + extra);

    private static readonly Gen<string> ItemPath = Gen.Select(
        Gen.OneOf("/kv/", "/locks/"),
        Gen.Frequency((4, Key.Select(Encode)), (1, Encoded)),
        Label,
        ApiVersion,
        QueryExtra,
        (resource, key, label, version, extra) =>
            resource + key + "?api-version=" + version + (label is null ? string.Empty : "&label=" + Encode(label)) + extra);

    private static readonly Gen<string> HeaderText = Gen.Frequency(
        (4, Gen.OneOf("abc-123", "*", "\"etag\"", "W/\"x\"", "\"\"", "")),
        (2, Gen.OneOf("réq-ü", "日本", "\u00ff\u00fe", "a\u0001b", "a\tb")),
        (1, Gen.String[Gen.Char['a', 'z'], 8000, 20000]));

    private static readonly Gen<KeyValuePair<string, string>> Header = Gen.Select(
        Gen.OneOf("x-ms-client-request-id", "If-Match", "If-None-Match", "Sync-Token", "Accept-Datetime", "x-ms-date", "Date", "x-ms-return-client-request-id", "Accept", "x-fuzz"),
        Gen.Frequency(
            (3, HeaderText),
            (1, Gen.OneOf("a=b;sn=1", "x=;sn=1", "=", ";sn=", "Mon, 01 Jan 2024 00:00:00 GMT", "not a date", "Tue, 31 Feb 2024 25:00:00 GMT"))),
        (name, value) => new KeyValuePair<string, string>(name, value));

    private static readonly Gen<string> Date = Gen.OneOf(
        "Mon, 01 Jan 2024 00:00:00 GMT", "2024-01-01T00:00:00Z", "2024-02-30T00:00:00Z", "garbage", "", "9999-12-31T23:59:59Z", "0001-01-01");

    private static readonly Gen<string> Number = Gen.OneOf("0", "50", "100", "101", "-1", "1.5", "1e400", "\"50\"", "\"half\"", "null", "[]", "{}", "true");

    // Feature-flag JSON, mostly close to valid so that the parameter checks are reached.
    private static readonly Gen<string> FilterJson = Gen.OneOf(
        Gen.Select(Date, Date, Gen.Bool, (start, end, recur) =>
            "{\"name\":\"Microsoft.TimeWindow\",\"parameters\":{\"Start\":\"" + start + "\",\"End\":\"" + end + "\""
                + (recur ? ",\"Recurrence\":{\"Pattern\":{\"Type\":\"Weekly\",\"DaysOfWeek\":[\"Monday\"]},\"Range\":{\"Type\":\"Numbered\",\"NumberOfOccurrences\":2}}" : string.Empty) + "}}"),
        Gen.Select(Number, Number, (group, fallback) =>
            "{\"name\":\"Microsoft.Targeting\",\"parameters\":{\"Audience\":{\"Users\":[\"u\"],\"Groups\":[{\"Name\":\"g\",\"RolloutPercentage\":" + group + "}],\"DefaultRolloutPercentage\":" + fallback + "}}}"),
        Number.Select(value => $$$"""{"name":"Microsoft.Percentage","parameters":{"Value":{{{value}}}}}"""),
        Gen.OneOf("""{"name":"Microsoft.Targeting","parameters":{"Audience":[]}}""", """{"name":"Microsoft.TimeWindow"}""", """{"name":""}""", "7", """{"name":"Custom","parameters":"x"}"""));

    private static readonly Gen<string> FlagJson = Gen.Select(
        Gen.OneOf("Beta", "a", "Other", ""),
        Gen.OneOf("true", "false", "\"yes\""),
        FilterJson.Array[0, 3],
        (id, enabled, filters) => $$$"""{"id":"{{{id}}}","enabled":{{{enabled}}},"conditions":{"client_filters":[{{{string.Join(",", filters)}}}]}}""");

    private static readonly Gen<string> JsonString = Gen.Frequency(
        (4, Name.Select(n => System.Text.Json.JsonSerializer.Serialize(n))),
        (1, Gen.OneOf("\"\\ud800\"", "\"a\\udc00b\"", "\"\\u0000\"", "null", "1", "{}")),
        (2, FlagJson.Select(f => System.Text.Json.JsonSerializer.Serialize(f))));

    private static readonly Gen<byte[]> Body = Gen.Frequency(
        (8, Gen.Select(JsonString, JsonString.Null(0.6), Gen.Select(JsonString, JsonString).Array[0, 3].Null(0.5), Gen.Select(JsonString, JsonString).Nullable(0.9), (value, contentType, tags, keyAndLabel) =>
            Encoding.UTF8.GetBytes("{\"value\":" + value
                + (contentType is null ? string.Empty : ",\"content_type\":" + contentType)
                + (tags is null ? string.Empty : ",\"tags\":{" + string.Join(",", tags.Select(t => t.Item1 + ":" + t.Item2)) + "}")
                + (keyAndLabel is null ? string.Empty : ",\"key\":" + keyAndLabel.Value.Item1 + ",\"label\":" + keyAndLabel.Value.Item2)
                + "}"))),
        (2, Gen.OneOf("{", "[1,2]", "null", "\"text\"", "{\"value\":1}", "{\"tags\":[]}", "{\"value\":\"a\",}", "", "{\"value\":\"a\"} trailing", new string('[', 5000)).Select(Encoding.UTF8.GetBytes)),
        (1, Gen.OneOf<byte[]>([.. "{\"value\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8], [.. "{\"value\":\""u8, 0xFF, 0xFE, .. "\"}"u8], [0xEF, 0xBB, 0xBF, .. "{\"value\":\"bom\"}"u8])));

    private static readonly Gen<string?> ContentType = Gen.Frequency(
        (6, Gen.Const<string?>("application/vnd.microsoft.appconfig.kv+json")),
        (2, Gen.Const<string?>("application/json")),
        (1, Gen.OneOf<string?>(null, "text/plain", "application/json; charset=latin1", "é/ü", ";;", FlagContentType)));

    private static readonly Gen<string?> BadAuthorization = Gen.OneOf<string?>(
        "HMAC-SHA256 Credential=emu-rw-ü\"é&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=abc",
        "HMAC-SHA256 Credential=&SignedHeaders=&Signature=",
        "HMAC-SHA256 garbage",
        "HMAC-SHA256",
        "Bearer a.b.c",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjEuNX0.AAAA",
        "Bearer " + new string('a', 9000),
        "Basic dXNlcjpwYXNz",
        "日本 語");

    /// <summary>Any request.</summary>
    public static readonly Gen<FuzzRequest> Request = Gen.Select(
        Gen.Frequency((4, Gen.Const("GET")), (1, Gen.Const("HEAD")), (4, Gen.Const("PUT")), (2, Gen.Const("DELETE")), (1, Gen.OneOf("POST", "PATCH", "OPTIONS"))),
        Gen.Frequency((2, ListPath), (5, ItemPath)),
        Header.Array[0, 3],
        Gen.Select(Body.Null(0.1), ContentType),
        Gen.Frequency((14, Gen.Const(FuzzAuth.ReadWrite)), (1, Gen.Const(FuzzAuth.ReadOnly)), (1, Gen.Const(FuzzAuth.None)), (2, Gen.Const(FuzzAuth.Garbage))),
        BadAuthorization,
        (method, path, headers, body, auth, authorization) => new FuzzRequest(
            method,
            path,
            headers,
            method is "PUT" or "POST" or "PATCH" ? body.Item1 : null,
            method is "PUT" or "POST" or "PATCH" ? body.Item2 : null,
            auth,
            auth == FuzzAuth.Garbage ? authorization : null));

    /// <summary>Percent-encodes UTF-8 as clients do, except that a lone surrogate becomes the bytes of its (invalid) UTF-8 form.</summary>
    public static string Encode(string text)
    {
        var encoded = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '*' or ',')
            {
                encoded.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                AppendBytes(encoded, Encoding.UTF8.GetBytes(text.Substring(i++, 2)));
            }
            else if (char.IsSurrogate(c))
            {
                AppendBytes(encoded, [(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
            }
            else
            {
                AppendBytes(encoded, Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return encoded.ToString();
    }

    private static void AppendBytes(StringBuilder encoded, byte[] bytes)
    {
        foreach (var b in bytes)
        {
            encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
    }
}
