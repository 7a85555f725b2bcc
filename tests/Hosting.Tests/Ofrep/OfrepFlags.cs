namespace OpenFeatureAppConfig.Hosting.Tests.Ofrep;

/// <summary>The flags the OFREP tests store in the emulator (App Configuration v2 schema).</summary>
internal static class OfrepFlags
{
    public const string NewCheckout = """{"id":"new_checkout","enabled":true,"description":"The redesigned checkout"}""";

    public const string Beta = """
        {"id":"beta","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":
        {"Audience":{"Users":["alice"],"Groups":[{"Name":"testers","RolloutPercentage":100}],"DefaultRolloutPercentage":0}}}]}}
        """;

    public const string ButtonColor = """
        {"id":"button_color","enabled":true,
         "variants":[{"name":"blue","configuration_value":"blue"},{"name":"green","configuration_value":"green"}],
         "allocation":{"default_when_enabled":"blue","user":[{"variant":"green","users":["alice"]}]}}
        """;

    public const string Limits = """
        {"id":"limits","enabled":true,
         "variants":[{"name":"small","configuration_value":{"max":3,"tier":"basic"}},{"name":"large","configuration_value":{"max":10,"tier":"gold"}}],
         "allocation":{"default_when_enabled":"small","group":[{"variant":"large","groups":["gold"]}]}}
        """;

    /// <summary>A variant flag with no allocation: nobody is assigned a variant, so callers keep their code default.</summary>
    public const string Unallocated = """
        {"id":"unallocated","enabled":true,"variants":[{"name":"on","configuration_value":"on"}]}
        """;

    /// <summary>A gradual rollout: half of the users, by a stable hash of the targeting key.</summary>
    public const string Rollout = """
        {"id":"rollout","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":
        {"Audience":{"Users":[],"Groups":[],"DefaultRolloutPercentage":50}}}]}}
        """;

    public const string Hidden = """{"id":"hidden","enabled":true}""";

    public static readonly string[] All = [NewCheckout, Beta, ButtonColor, Limits, Unallocated, Rollout, Hidden];

    /// <summary>Every flag but <c>hidden</c>.</summary>
    public static readonly string[] ExposedKeys = ["beta", "button_color", "limits", "new_checkout", "rollout", "unallocated"];
}
