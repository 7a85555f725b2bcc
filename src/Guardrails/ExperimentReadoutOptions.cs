using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// Which variant flags are under an experiment, and how much the readout may remember
/// (<c>services.AddExperimentReadouts(...)</c>).
/// </summary>
/// <remarks>
/// Exposures are distinct targeting keys, each counted in the first variant it was shown; a conversion is a
/// targeting key that sent the experiment's <c>Track</c> event after its exposure, counted once. The readout keeps
/// every enrolled key in memory, up to <see cref="MaxUsersPerExperiment"/>: past that, new keys are not enrolled (the
/// readout reports how many such exposures it left out) so memory stays bounded and every figure stays exact for
/// the users it covers.
/// </remarks>
public sealed class ExperimentReadoutOptions
{
    private readonly Dictionary<string, ExperimentDefinition> _experiments = new(StringComparer.Ordinal);

    /// <summary>The most targeting keys one experiment enrolls (100,000 by default).</summary>
    public int MaxUsersPerExperiment { get; set; } = 100_000;

    /// <summary>The longest targeting key enrolled (256 characters by default); a longer key is left out and counted as such.</summary>
    public int MaxTargetingKeyLength { get; set; } = 256;

    /// <summary>The most variants one experiment distinguishes (32 by default); exposures to further variants are left out.</summary>
    public int MaxVariantsPerExperiment { get; set; } = 32;

    /// <summary>The experiments by flag key.</summary>
    internal IReadOnlyDictionary<string, ExperimentDefinition> Experiments => _experiments;

    /// <summary>Puts the variant flag <paramref name="flag"/> under an experiment.</summary>
    /// <param name="flag">The flag's key (case-sensitive, like flag keys).</param>
    /// <param name="conversionEvent">The <c>Track</c> event that counts as a conversion, e.g. <c>purchase</c>.</param>
    /// <param name="controlVariant">The variant the others are compared with.</param>
    /// <returns>These options, to add more.</returns>
    /// <exception cref="ArgumentException">An empty argument, or a flag already added.</exception>
    public ExperimentReadoutOptions Add(string flag, string conversionEvent, string controlVariant)
    {
        ArgumentException.ThrowIfNullOrEmpty(flag);
        ArgumentException.ThrowIfNullOrWhiteSpace(conversionEvent);
        ArgumentException.ThrowIfNullOrEmpty(controlVariant);
        if (!_experiments.TryAdd(flag, new ExperimentDefinition(flag, conversionEvent, controlVariant)))
        {
            throw new ArgumentException($"Flag '{flag}' is already under an experiment.", nameof(flag));
        }

        return this;
    }
}
