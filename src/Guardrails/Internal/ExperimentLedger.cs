namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// One experiment's users: each enrolled targeting key with the first variant it was shown and whether it has
/// converted since. Bounded: at most <c>maxUsers</c> keys of at most <c>maxKeyLength</c> characters and
/// <c>maxVariants</c> variants; what falls outside is counted, not stored.
/// </summary>
internal sealed class ExperimentLedger(ExperimentDefinition definition, int maxUsers, int maxKeyLength, int maxVariants)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Enrolment> _users = new(StringComparer.Ordinal);
    private readonly List<string> _variants = [];
    private readonly List<long> _exposures = [];
    private readonly List<long> _conversions = [];
    private long _notEnrolled;
    private long _withoutTargetingKey;

    public ExperimentDefinition Definition => definition;

    /// <summary>Notes that <paramref name="targetingKey"/> was shown <paramref name="variant"/>; a key already enrolled keeps its first variant.</summary>
    public void Expose(string variant, string? targetingKey)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(targetingKey))
            {
                _withoutTargetingKey++;
                return;
            }

            if (_users.ContainsKey(targetingKey))
            {
                return;
            }

            var index = _variants.IndexOf(variant);
            if (index < 0 && _variants.Count < maxVariants)
            {
                index = AddVariant(variant);
            }

            if (index < 0 || _users.Count >= maxUsers || targetingKey.Length > maxKeyLength)
            {
                _notEnrolled++;
                return;
            }

            _users[targetingKey] = new Enrolment(index, Converted: false);
            _exposures[index]++;
        }
    }

    /// <summary>Counts <paramref name="targetingKey"/>'s conversion once, in the variant it was enrolled with; a key never exposed does not count.</summary>
    public void Convert(string? targetingKey)
    {
        if (string.IsNullOrEmpty(targetingKey))
        {
            return;
        }

        lock (_gate)
        {
            if (_users.TryGetValue(targetingKey, out var enrolment) && !enrolment.Converted)
            {
                _users[targetingKey] = enrolment with { Converted = true };
                _conversions[enrolment.Variant]++;
            }
        }
    }

    /// <summary>The counts so far; the control is always among the variants (with zeros before its first exposure).</summary>
    public ExperimentSnapshot Snapshot()
    {
        lock (_gate)
        {
            var variants = _variants.Select((name, i) => new VariantCounts(name, _exposures[i], _conversions[i])).ToList();
            if (!_variants.Contains(definition.ControlVariant))
            {
                variants.Add(new VariantCounts(definition.ControlVariant, 0, 0));
            }

            return new ExperimentSnapshot(definition, variants, _users.Count, maxUsers, _notEnrolled, _withoutTargetingKey);
        }
    }

    private int AddVariant(string variant)
    {
        _variants.Add(variant);
        _exposures.Add(0);
        _conversions.Add(0);
        return _variants.Count - 1;
    }

    private readonly record struct Enrolment(int Variant, bool Converted);
}
