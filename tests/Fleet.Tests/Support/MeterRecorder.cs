using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>
/// A meter factory of its own (as DI gives each app) and a <see cref="MeterListener"/> that reads only the meters
/// that factory made: the last value of each instrument per attribute set, read on demand.
/// </summary>
internal sealed class MeterRecorder : IDisposable
{
    private readonly ServiceProvider? _services;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _values = new();
    private readonly ConcurrentDictionary<string, string?> _units = new();

    public MeterRecorder()
        : this(null)
    {
    }

    /// <summary>Reads the meters of <paramref name="factory"/> (a host's), or of a factory of its own.</summary>
    public MeterRecorder(IMeterFactory? factory)
    {
        if (factory is null)
        {
            _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            factory = _services.GetRequiredService<IMeterFactory>();
        }

        Factory = factory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == Factory)
            {
                _units[instrument.Name] = instrument.Unit;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public IMeterFactory Factory { get; }

    /// <summary>The instrument's last value with the attribute <paramref name="attribute"/> (name=value), or null when never observed.</summary>
    public double? Value(string instrument, string? attribute = null)
    {
        _listener.RecordObservableInstruments();
        return _values.TryGetValue(Key(instrument, attribute), out var value) ? value : null;
    }

    public string? Unit(string instrument) => _units.TryGetValue(instrument, out var unit) ? unit : null;

    public void Dispose()
    {
        _listener.Dispose();
        _services?.Dispose();
    }

    private static string Key(string instrument, string? attribute) => attribute is null ? instrument : $"{instrument}|{attribute}";

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _values[instrument.Name] = value;
        foreach (var tag in tags)
        {
            _values[Key(instrument.Name, $"{tag.Key}={tag.Value}")] = value;
        }
    }
}
