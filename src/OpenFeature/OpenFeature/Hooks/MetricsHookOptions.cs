using OpenFeature.Model;

namespace OpenFeature.Hooks;

/// <summary>What <see cref="MetricsHook"/> adds to its measurements.</summary>
public sealed class MetricsHookOptions
{
    private MetricsHookOptions(IReadOnlyCollection<KeyValuePair<string, object?>> customDimensions,
        IReadOnlyCollection<KeyValuePair<string, Func<ImmutableMetadata, object?>>> flagMetadataCallbacks)
    {
        CustomDimensions = customDimensions;
        FlagMetadataCallbacks = flagMetadataCallbacks;
    }

    /// <summary>No custom dimensions.</summary>
    public static MetricsHookOptions Default { get; } = new([], []);

    /// <summary>Fixed dimensions added to every measurement.</summary>
    public IReadOnlyCollection<KeyValuePair<string, object?>> CustomDimensions { get; }

    /// <summary>Dimensions computed from the flag metadata of each successful evaluation.</summary>
    internal IReadOnlyCollection<KeyValuePair<string, Func<ImmutableMetadata, object?>>> FlagMetadataCallbacks { get; }

    /// <summary>Starts building options.</summary>
    /// <returns>A new builder.</returns>
    public static MetricsHookOptionsBuilder CreateBuilder() => new();

    /// <summary>Builds <see cref="MetricsHookOptions"/>.</summary>
    public sealed class MetricsHookOptionsBuilder
    {
        private readonly List<KeyValuePair<string, object?>> _customDimensions = [];
        private readonly List<KeyValuePair<string, Func<ImmutableMetadata, object?>>> _flagMetadataCallbacks = [];

        /// <summary>Adds a fixed dimension.</summary>
        /// <param name="key">The dimension's name.</param>
        /// <param name="value">Its value.</param>
        /// <returns>This builder.</returns>
        public MetricsHookOptionsBuilder WithCustomDimension(string key, object? value)
        {
            ArgumentNullException.ThrowIfNull(key);
            _customDimensions.Add(new(key, value));
            return this;
        }

        /// <summary>Adds a dimension computed from the flag metadata.</summary>
        /// <param name="key">The dimension's name.</param>
        /// <param name="flagMetadataCallback">Computes the value from the flag metadata.</param>
        /// <returns>This builder.</returns>
        public MetricsHookOptionsBuilder WithFlagEvaluationMetadata(string key, Func<ImmutableMetadata, object?> flagMetadataCallback)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(flagMetadataCallback);
            _flagMetadataCallbacks.Add(new(key, flagMetadataCallback));
            return this;
        }

        /// <summary>Builds the options.</summary>
        /// <returns>The options.</returns>
        public MetricsHookOptions Build() => new(_customDimensions.ToArray(), _flagMetadataCallbacks.ToArray());
    }
}
