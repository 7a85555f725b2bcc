using CsCheck;

namespace OpenFeatureAppConfig.Hosting.Tests.Fuzz;

/// <summary>
/// Generators of stored feature flags (App Configuration v2 schema): mostly well-shaped flags whose fields take
/// good, odd and wrong values (dates that are not dates, percentages out of range, audiences of the wrong shape,
/// variants and allocations that do not match), plus values that are not a flag at all.
/// </summary>
internal static class FuzzFlags
{
    private static readonly Gen<string> Name = Gen.OneOf("\"on\"", "\"off\"", "\"blue\"", "\"green\"", "\"\"", "\"missing\"");

    private static readonly Gen<string> Date = Gen.Frequency(
        (3, Gen.OneOf("\"Mon, 01 Jan 2024 00:00:00 GMT\"", "\"2024-01-01T00:00:00Z\"", "\"2999-01-01T00:00:00+02:00\"", "\"2026-12-03\"")),
        (2, Gen.OneOf("\"garbage\"", "\"\"", "\"2024-13-45\"", "\"31/12/2024\"", "12", "true", "null", "[]", "{}")));

    private static readonly Gen<string> Percentage = Gen.Frequency(
        (3, Gen.Int[0, 100].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("-1", "101", "50.5", "1e400", "\"50\"", "\"x\"", "null", "true", "[]", "{}")));

    private static readonly Gen<string> Users = Gen.Frequency(
        (3, Gen.OneOf("[\"alice\"]", "[]", "[\"alice\",\"bob\"]")),
        (1, Gen.OneOf("\"alice\"", "[1,2]", "[null]", "{}", "null", "[[\"a\"]]")));

    private static readonly Gen<string> Groups = Gen.Frequency(
        (3, Gen.Select(Gen.OneOf("\"beta\"", "\"gold\""), Percentage, (name, percentage) => $$"""[{"Name":{{name}},"RolloutPercentage":{{percentage}}}]""")),
        (1, Gen.OneOf("[\"beta\"]", "[{}]", "[{\"Name\":null}]", "\"beta\"", "{}", "[]")));

    private static readonly Gen<string> Audience = Gen.Frequency(
        (4, Gen.Select(Users, Groups, Percentage, Gen.Bool, (users, groups, percentage, exclusion) =>
            $$"""{"Users":{{users}},"Groups":{{groups}},"DefaultRolloutPercentage":{{percentage}}{{(exclusion ? $$""","Exclusion":{"Users":{{users}},"Groups":["gold"]}""" : "")}}}""")),
        (1, Gen.OneOf("null", "\"everyone\"", "[]", "{\"Users\":{}}")));

    private static readonly Gen<string> Recurrence = Gen.Frequency(
        (2, Gen.Select(Gen.OneOf("\"Daily\"", "\"Weekly\"", "\"Monthly\"", "\"\"", "1"), Gen.OneOf("1", "0", "-3", "\"x\""), Gen.OneOf("\"NoEnd\"", "\"EndDate\"", "\"Numbered\"", "\"Forever\""), Date,
            (type, interval, range, end) => $$$"""{"Pattern":{"Type":{{{type}}},"Interval":{{{interval}}},"DaysOfWeek":["Monday","Funday"]},"Range":{"Type":{{{range}}},"EndDate":{{{end}}},"NumberOfOccurrences":3}}""")),
        (1, Gen.OneOf("null", "{}", "\"daily\"", "[]")));

    private static readonly Gen<string> Filter = Gen.Frequency(
        (3, Gen.Select(Date, Date, Gen.Bool, Recurrence, (start, end, recurring, recurrence) =>
            $$$"""{"name":"Microsoft.TimeWindow","parameters":{"Start":{{{start}}},"End":{{{end}}}{{{(recurring ? ",\"Recurrence\":" + recurrence : "")}}}}}""")),
        (2, Percentage.Select(value => $$$"""{"name":"Microsoft.Percentage","parameters":{"Value":{{{value}}}}}""")),
        (3, Audience.Select(audience => $$$"""{"name":"Microsoft.Targeting","parameters":{"Audience":{{{audience}}}}}""")),
        (1, FuzzJson.Value.Select(parameters => $$"""{"name":"Unknown.Filter","parameters":{{parameters}}}""")),
        (1, Gen.OneOf("{}", "{\"name\":1}", "\"Microsoft.Percentage\"", "null", "{\"name\":\"Microsoft.Targeting\"}", "{\"name\":\"Microsoft.TimeWindow\",\"parameters\":[]}")));

    private static readonly Gen<string> Conditions = Gen.Select(Filter.Array[0, 3], Gen.OneOf("\"All\"", "\"Any\"", "\"Some\"", "null", "1"),
        (filters, requirement) => $$"""{"client_filters":[{{string.Join(",", filters)}}],"requirement_type":{{requirement}}}""");

    private static readonly Gen<string> Variant = Gen.Select(Name, FuzzJson.Value, Gen.OneOf("\"Enabled\"", "\"Disabled\"", "\"None\"", "\"Sometimes\"", "null", "1"),
        (name, value, statusOverride) => $$"""{"name":{{name}},"configuration_value":{{value}},"status_override":{{statusOverride}}}""");

    private static readonly Gen<string> Percentile = Gen.Select(Name, FuzzJson.Number, FuzzJson.Number,
        (variant, from, to) => $$"""{"variant":{{variant}},"from":{{from}},"to":{{to}}}""");

    private static readonly Gen<string> Allocation = Gen.Select(Name, Name, Gen.Select(Name, Users, (v, u) => $$"""{"variant":{{v}},"users":{{u}}}""").Array[0, 2], Percentile.Array[0, 3], Gen.OneOf("\"seed\"", "null", "42"),
        (whenEnabled, whenDisabled, users, percentiles, seed) =>
            $$"""{"default_when_enabled":{{whenEnabled}},"default_when_disabled":{{whenDisabled}},"user":[{{string.Join(",", users)}}],"group":[{"variant":{{whenEnabled}},"groups":["beta"]}],"percentile":[{{string.Join(",", percentiles)}}],"seed":{{seed}}}""");

    /// <summary>A flag document for the flag <paramref name="id"/>.</summary>
    public static Gen<string> Flag(string id) => Gen.Frequency(
        (8, Gen.Select(
            Gen.Frequency((5, Gen.OneOf("true", "false")), (1, Gen.OneOf("\"true\"", "\"yes\"", "1", "null"))),
            Gen.Frequency((3, Conditions), (1, Gen.OneOf("null", "[]", "\"none\""))),
            Gen.Frequency((2, Variant.Array[0, 3].Select(v => "[" + string.Join(",", v) + "]")), (1, Gen.OneOf("null", "{}", "[1]"))),
            Gen.Frequency((2, Allocation), (1, Gen.OneOf("null", "[]", "{}"))),
            Gen.OneOf("{\"enabled\":true,\"metadata\":{\"team\":\"web\"}}", "{\"enabled\":false}", "null", "{\"enabled\":\"x\"}"),
            (enabled, conditions, variants, allocation, telemetry) =>
                $$"""{"id":"{{id}}","enabled":{{enabled}},"conditions":{{conditions}},"variants":{{variants}},"allocation":{{allocation}},"telemetry":{{telemetry}}}""")),
        (1, FuzzJson.Value),
        (1, Gen.Select(Conditions, Gen.Double[0, 1], (conditions, cut) =>
        {
            var json = $$"""{"id":"{{id}}","enabled":true,"conditions":{{conditions}}}""";
            return json[..(int)(json.Length * cut)];
        })));
}
