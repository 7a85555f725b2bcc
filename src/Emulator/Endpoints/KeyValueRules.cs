using OpenFeatureAppConfig.Emulator.FeatureFlags;
using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary>
/// The rules a key-value write must follow, shared by the REST API and the in-process seeding helpers:
/// valid key and label, and for feature flags a value that follows the v2 flag schema.
/// </summary>
internal static class KeyValueRules
{
    /// <summary>The label a request means: an empty label is "no label" (null).</summary>
    public static string? NormalizeLabel(string? label) => string.IsNullOrEmpty(label) ? null : label;

    /// <summary>Throws a 400 naming the field when the key or label is not allowed.</summary>
    public static void CheckIdentity(string? key, string? label)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw ProtocolException.InvalidArgument("key", "The key must not be empty.", "Invalid key");
        }

        if (key is "." or ".." || key.Contains('%', StringComparison.Ordinal))
        {
            throw ProtocolException.InvalidArgument("key", $"The key '{key}' is not allowed: a key cannot be '.' or '..' or contain '%'.", "Invalid key");
        }

        if (label is not null && label.Contains('%', StringComparison.Ordinal))
        {
            throw ProtocolException.InvalidArgument("label", $"The label '{label}' is not allowed: a label cannot contain '%'.", "Invalid label");
        }
    }

    /// <summary>Throws a 400 naming the field when a feature flag's value breaks the v2 schema or its id differs from the key.</summary>
    public static void CheckValue(string key, string? value, string? contentType, bool validateFeatureFlags)
    {
        if (!validateFeatureFlags || !FeatureFlagKeys.IsFeatureFlag(key) || !MediaTypes.IsFeatureFlag(contentType))
        {
            return;
        }

        if (FeatureFlagValidator.Validate(value) is { } violation)
        {
            throw ProtocolException.InvalidArgument(violation.Field, $"Invalid feature flag '{key}': '{violation.Field}' {violation.Reason}.", "Invalid feature flag");
        }

        var id = FeatureFlagValidator.ReadId(value);
        if (key != FeatureFlagKeys.Prefix + id)
        {
            throw ProtocolException.InvalidArgument("id", $"Invalid feature flag '{key}': 'id' is '{id}', but the key requires '{key[FeatureFlagKeys.Prefix.Length..]}'.", "Invalid feature flag");
        }
    }
}
