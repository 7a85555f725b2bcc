namespace OpenFeatureAppConfig.Hosting.Tests.Support;

/// <summary>Flag documents (App Configuration v2 schema) used across tests.</summary>
internal static class Flags
{
    public static string Boolean(string id, bool enabled) => $$"""{"id":"{{id}}","enabled":{{(enabled ? "true" : "false")}}}""";

    /// <summary>A Microsoft.Targeting flag: listed users and groups are in, everyone else at <paramref name="rolloutPercentage"/>.</summary>
    public static string Targeted(string id, int rolloutPercentage, string[]? users = null, string[]? groups = null)
    {
        var userList = string.Join(",", (users ?? []).Select(u => $"\"{u}\""));
        var groupList = string.Join(",", (groups ?? []).Select(g => $$"""{"Name":"{{g}}","RolloutPercentage":100}"""));
        var audience = $$"""{"Users":[{{userList}}],"Groups":[{{groupList}}],"DefaultRolloutPercentage":{{rolloutPercentage}}}""";
        return $$$"""{"id":"{{{id}}}","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{{{audience}}}}}]}}""";
    }

    /// <summary>
    /// A flag whose <c>Microsoft.TimeWindow</c> start is not a date: accepted by the mapping, it throws in the filter
    /// when evaluated (the emulator stores it only with <c>ValidateFeatureFlags = false</c>).
    /// </summary>
    public static string MalformedTimeWindow(string id) =>
        $$$"""{"id":"{{{id}}}","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.TimeWindow","parameters":{"Start":"garbage"}}]}}""";
}
