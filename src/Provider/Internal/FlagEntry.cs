using Microsoft.FeatureManagement;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>
/// One flag of a configuration snapshot: its key and fingerprint are known at once (cheap, from the raw keys);
/// the parsed definition is loaded from the feature manager's definition provider on first evaluation and kept
/// for the life of the snapshot.
/// </summary>
internal sealed class FlagEntry
{
    private FlagDetails? _details;

    public FlagEntry(string key, string fingerprint, RawFlagFields fields)
    {
        Key = key;
        Fingerprint = fingerprint;
        Fields = fields;
    }

    public string Key { get; }

    /// <summary>A canonical text of every key and value of the flag: equal across loads exactly when nothing changed.</summary>
    public string Fingerprint { get; }

    public RawFlagFields Fields { get; }

    /// <summary>The loaded details, or <see langword="null"/> before the first evaluation.</summary>
    public FlagDetails? Details => _details;

    public async ValueTask<FlagDetails?> LoadAsync(IFeatureDefinitionProvider definitions)
    {
        FlagDetails? details;
        try
        {
            var definition = await definitions.GetFeatureDefinitionAsync(Key).ConfigureAwait(false);
            if (definition is null)
            {
                return null;
            }

            details = FlagDetails.From(Key, definition, Fields);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            details = FlagDetails.Malformed(Key, exception, Fields);
        }

        // Two racing loads build equal details; keep whichever came first.
        return Interlocked.CompareExchange(ref _details, details, null) ?? details;
    }
}

/// <summary>
/// Flag fields outside Microsoft.FeatureManagement's model, read from the raw configuration; the rollout reason is
/// why a progressive rollout last wrote the flag (its telemetry metadata <c>RolloutReason</c>).
/// </summary>
internal sealed record RawFlagFields(string? Description, string? DisplayName, string? Label, string? RolloutReason = null)
{
    public static readonly RawFlagFields None = new(null, null, null);
}
