using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// One variant of a loaded flag and its <c>configuration_value</c> converted to each OpenFeature type, each
/// conversion done once per configuration snapshot (reading sections is far slower than an evaluation).
/// </summary>
internal sealed class VariantValues
{
    private readonly IConfigurationSection? _section;
    private Conversion<string>? _string;
    private Conversion<int>? _integer;
    private Conversion<double>? _double;
    private Conversion<Value>? _value;
    private Conversion<bool>? _boolean;

    // Resolutions are immutable and, for one snapshot, depend only on variant, type and reason: built once each.
    private readonly object?[] _resolutions = new object?[4 * 4];

    public VariantValues(string name, IConfigurationSection? section, StatusOverride statusOverride)
    {
        Name = name;
        StatusOverride = statusOverride;
        _section = section is not null && (section.Value is not null || section.GetChildren().Any()) ? section : null;
    }

    public string Name { get; }

    public StatusOverride StatusOverride { get; }

    public Conversion<bool> Boolean => _boolean ??= Conversion<bool>.From(ConfigurationValueConverter.TryToBoolean(_section, out var v), v);

    public Conversion<string> String => _string ??= Conversion<string>.From(ConfigurationValueConverter.TryToString(_section, out var v), v);

    public Conversion<int> Integer => _integer ??= Conversion<int>.From(ConfigurationValueConverter.TryToInt32(_section, out var v), v);

    public Conversion<double> Double => _double ??= Conversion<double>.From(ConfigurationValueConverter.TryToDouble(_section, out var v), v);

    public Conversion<Value> Structure => _value ??= Conversion<Value>.From(true, ConfigurationValueConverter.ToValue(_section));

    /// <summary>The successful resolution of this variant as a <typeparamref name="T"/> for a reason, built once.</summary>
    public ResolutionDetails<T> Resolution<T>(string flagKey, T value, string reason, ImmutableMetadata metadata)
    {
        var slot = Slot<T>(reason);
        if (slot >= 0 && _resolutions[slot] is ResolutionDetails<T> cached)
        {
            return cached;
        }

        var resolution = new ResolutionDetails<T>(flagKey, value, ErrorType.None, reason, Name, null, metadata);
        if (slot >= 0)
        {
            _resolutions[slot] = resolution;
        }

        return resolution;
    }

    private static int Slot<T>(string reason)
    {
        var type = typeof(T) == typeof(string) ? 0 : typeof(T) == typeof(int) ? 1 : typeof(T) == typeof(double) ? 2 : typeof(T) == typeof(Value) ? 3 : -1;
        var why = reason == Reason.Static ? 0 : reason == Reason.TargetingMatch ? 1 : reason == Reason.Split ? 2 : reason == Reason.Disabled ? 3 : -1;
        return type < 0 || why < 0 ? -1 : (type * 4) + why;
    }

    /// <summary>The raw text of a scalar value, for error messages.</summary>
    public string Describe() => _section is null ? "no configuration_value" : _section.Value is { } text ? $"'{text}'" : "an object or list";
}

/// <summary>The result of converting a variant's value to one type.</summary>
internal sealed record Conversion<T>(bool Succeeded, T Value)
{
    public static Conversion<T> From(bool succeeded, T value) => new(succeeded, value);
}
