namespace OpenFeature.Model;

/// <summary>
/// The mutable state behind the three builders: a dictionary handed to the built <see cref="Structure"/>
/// without copying, and copied only if the builder is changed after a build.
/// </summary>
internal sealed class AttributeAccumulator
{
    private Dictionary<string, Value> _attributes;
    private bool _shared;

    public AttributeAccumulator(int capacity = 0) =>
        _attributes = new Dictionary<string, Value>(capacity, StringComparer.Ordinal);

    public int Count => _attributes.Count;

    public void Set(string key, Value value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Own();
        _attributes[key] = value;
    }

    public void SetAll(Dictionary<string, Value> attributes)
    {
        if (attributes.Count == 0)
        {
            return;
        }

        Own();
        foreach (var (key, value) in attributes)
        {
            _attributes[key] = value;
        }
    }

    public Structure Build()
    {
        if (_attributes.Count == 0)
        {
            return Structure.Empty;
        }

        _shared = true;
        return new Structure(_attributes, true);
    }

    private void Own()
    {
        if (_shared)
        {
            _attributes = new Dictionary<string, Value>(_attributes, StringComparer.Ordinal);
            _shared = false;
        }
    }
}
