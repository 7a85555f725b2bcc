using Microsoft.Extensions.Configuration;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

/// <summary>Builds providers over flag JSON for tests.</summary>
internal static class Flags
{
    /// <summary>Wraps flag objects into the Microsoft Feature Management schema.</summary>
    public static string Json(params string[] flags) =>
        "{\"feature_management\":{\"feature_flags\":[" + string.Join(",", flags) + "]}}";

    public static IConfiguration Configuration(params string[] flags)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Json(flags)));
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }

    public static FeatureManagementProvider Provider(params string[] flags) => new(Configuration(flags));

    public static FeatureManagementProvider Provider(FeatureManagementProviderOptions options, params string[] flags) => new(Configuration(flags), options);

    public static EvaluationContext User(string? id, params string[] groups)
    {
        var builder = EvaluationContext.Builder();
        if (id is not null)
        {
            builder.SetTargetingKey(id);
        }

        if (groups.Length > 0)
        {
            builder.Set("groups", new Value(groups.Select(g => new Value(g)).ToList()));
        }

        return builder.Build();
    }
}
