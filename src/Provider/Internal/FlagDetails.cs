using Microsoft.FeatureManagement;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeature.Telemetry;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>What the provider needs to know about a loaded flag besides asking the feature manager.</summary>
internal sealed class FlagDetails
{
    private const string AlwaysOnFilter = "AlwaysOn";
    private const string OnFilter = "On";

    private Task<ResolutionDetails<bool>>? _whenOn;
    private Task<ResolutionDetails<bool>>? _whenOff;

    private FlagDetails(string key, FeatureDefinition? definition, ImmutableMetadata metadata, ErrorType errorType, string? errorMessage)
    {
        Key = key;
        Definition = definition;
        Metadata = metadata;
        ErrorType = errorType;
        ErrorMessage = errorMessage;
        if (definition is null)
        {
            return;
        }

        var filters = definition.EnabledFor?.ToList() ?? [];
        IsStaticallyDisabled = definition.Status == FeatureStatus.Disabled || filters.Count == 0;
        IsUnconditional = !IsStaticallyDisabled && (definition.RequirementType == RequirementType.All
            ? filters.All(IsAlwaysOn)
            : filters.Any(IsAlwaysOn));
        TelemetryEnabled = definition.Telemetry?.Enabled == true;

        var variants = new Dictionary<string, VariantValues>(StringComparer.Ordinal);
        foreach (var variant in definition.Variants ?? [])
        {
            // The feature manager takes the first variant of a name.
            if (variant.Name is not null && !variants.ContainsKey(variant.Name))
            {
                variants[variant.Name] = new VariantValues(variant.Name, variant.ConfigurationValue, variant.StatusOverride);
            }
        }

        Variants = variants;
        HasVariants = variants.Count > 0;
        Allocation = AllocationRules.From(definition);
    }

    public string Key { get; }

    public FeatureDefinition? Definition { get; }

    public ImmutableMetadata Metadata { get; }

    /// <summary><see cref="ErrorType.None"/> unless the definition could not be read.</summary>
    public ErrorType ErrorType { get; }

    public string? ErrorMessage { get; }

    /// <summary>Off whoever asks: <c>enabled: false</c> or no condition at all.</summary>
    public bool IsStaticallyDisabled { get; }

    /// <summary>On whoever asks: enabled with no client filter (only <c>AlwaysOn</c>).</summary>
    public bool IsUnconditional { get; }

    public bool HasVariants { get; }

    /// <summary>The allocation, read once; <see langword="null"/> when the flag has none.</summary>
    public AllocationRules? Allocation { get; }

    public bool TelemetryEnabled { get; }

    public IReadOnlyDictionary<string, VariantValues> Variants { get; } = new Dictionary<string, VariantValues>();

    public VariantValues? FindVariant(string? name) =>
        name is not null && Variants.TryGetValue(name, out var variant) ? variant : null;

    /// <summary>
    /// The answer of a flag without variants: it depends only on the enabled state, and resolutions are
    /// immutable, so each of the two is built once per snapshot.
    /// </summary>
    public Task<ResolutionDetails<bool>> BooleanResolution(bool enabled)
    {
        if (enabled)
        {
            return _whenOn ??= Task.FromResult(new ResolutionDetails<bool>(
                Key, true, ErrorType.None, IsUnconditional ? Reason.Static : Reason.TargetingMatch, null, null, Metadata));
        }

        return _whenOff ??= Task.FromResult(new ResolutionDetails<bool>(
            Key, false, ErrorType.None, IsStaticallyDisabled ? Reason.Disabled : Reason.TargetingMatch, null, null, Metadata));
    }

    public static FlagDetails From(string key, FeatureDefinition definition, RawFlagFields fields) =>
        new(key, definition, BuildMetadata(definition, fields), ErrorType.None, null);

    public static FlagDetails Malformed(string key, Exception exception, RawFlagFields fields) =>
        new(key, null, BuildMetadata(null, fields), ErrorType.ParseError, $"The definition of flag '{key}' is malformed: {exception.Message}");

    private static bool IsAlwaysOn(FeatureFilterConfiguration filter) =>
        string.Equals(filter.Name, AlwaysOnFilter, StringComparison.OrdinalIgnoreCase)
        || string.Equals(filter.Name, OnFilter, StringComparison.OrdinalIgnoreCase);

    private static ImmutableMetadata BuildMetadata(FeatureDefinition? definition, RawFlagFields fields)
    {
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        Add(metadata, FlagMetadataKeys.Description, fields.Description);
        Add(metadata, FlagMetadataKeys.DisplayName, fields.DisplayName);
        Add(metadata, FlagMetadataKeys.Label, fields.Label);
        var telemetry = definition?.Telemetry?.Metadata;
        if (telemetry is not null)
        {
            if (telemetry.TryGetValue("Label", out var label))
            {
                Add(metadata, FlagMetadataKeys.Label, label);
            }

            if (telemetry.TryGetValue("ETag", out var etag))
            {
                Add(metadata, FlagMetadataKeys.ETag, etag);
                Add(metadata, TelemetryFlagMetadata.Version, etag);
            }

            if (telemetry.TryGetValue("AllocationId", out var allocationId))
            {
                Add(metadata, FlagMetadataKeys.AllocationId, allocationId);
            }

            if (telemetry.TryGetValue("FeatureFlagReference", out var reference))
            {
                Add(metadata, FlagMetadataKeys.FeatureFlagReference, reference);
            }
        }

        return new ImmutableMetadata(metadata);
    }

    private static void Add(Dictionary<string, object> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            metadata.TryAdd(key, value);
        }
    }
}
