using OpenFeature.Model;

namespace OpenFeature.Hooks;

/// <summary>What <see cref="TraceEnricherHook"/> adds to its trace events.</summary>
public sealed class TraceEnricherHookOptions
{
    private TraceEnricherHookOptions(IReadOnlyCollection<KeyValuePair<string, object?>> tags,
        IReadOnlyCollection<KeyValuePair<string, Func<ImmutableMetadata, object?>>> flagMetadataCallbacks)
    {
        Tags = tags;
        FlagMetadataCallbacks = flagMetadataCallbacks;
    }

    /// <summary>No extra tags.</summary>
    public static TraceEnricherHookOptions Default { get; } = new([], []);

    /// <summary>Fixed tags added to every event.</summary>
    public IReadOnlyCollection<KeyValuePair<string, object?>> Tags { get; }

    /// <summary>Tags computed from the flag metadata of each evaluation.</summary>
    internal IReadOnlyCollection<KeyValuePair<string, Func<ImmutableMetadata, object?>>> FlagMetadataCallbacks { get; }

    /// <summary>Starts building options.</summary>
    /// <returns>A new builder.</returns>
    public static TraceEnricherHookOptionsBuilder CreateBuilder() => new();

    /// <summary>Builds <see cref="TraceEnricherHookOptions"/>.</summary>
    public sealed class TraceEnricherHookOptionsBuilder
    {
        private readonly List<KeyValuePair<string, object?>> _tags = [];
        private readonly List<KeyValuePair<string, Func<ImmutableMetadata, object?>>> _flagMetadataCallbacks = [];

        /// <summary>Adds a fixed tag.</summary>
        /// <param name="key">The tag's name.</param>
        /// <param name="value">Its value.</param>
        /// <returns>This builder.</returns>
        public TraceEnricherHookOptionsBuilder WithTag(string key, object? value)
        {
            ArgumentNullException.ThrowIfNull(key);
            _tags.Add(new(key, value));
            return this;
        }

        /// <summary>Adds a tag computed from the flag metadata.</summary>
        /// <param name="key">The tag's name.</param>
        /// <param name="flagMetadataCallback">Computes the value from the flag metadata.</param>
        /// <returns>This builder.</returns>
        public TraceEnricherHookOptionsBuilder WithFlagEvaluationMetadata(string key, Func<ImmutableMetadata, object?> flagMetadataCallback)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(flagMetadataCallback);
            _flagMetadataCallbacks.Add(new(key, flagMetadataCallback));
            return this;
        }

        /// <summary>Builds the options.</summary>
        /// <returns>The options.</returns>
        public TraceEnricherHookOptions Build() => new(_tags.ToArray(), _flagMetadataCallbacks.ToArray());
    }
}
