using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;
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

    /// <summary>The raw text of a scalar value, for error messages.</summary>
    public string Describe() => _section is null ? "no configuration_value" : _section.Value is { } text ? $"'{text}'" : "an object or list";
}

/// <summary>The result of converting a variant's value to one type.</summary>
internal sealed record Conversion<T>(bool Succeeded, T Value)
{
    public static Conversion<T> From(bool succeeded, T value) => new(succeeded, value);
}
