using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// Which flags the flag-aware metrics tag: the listed ones, then (with
/// <see cref="FlagAwareMetricsOptions.TagActiveRolloutsAndExperiments"/>) the flags whose rollout plan in the
/// application's configuration is running or paused, then the variant flags marked as experiments
/// (<see cref="FlagAwareMetrics.ExperimentMetadataKey"/> = <c>true</c> in their telemetry metadata), at most
/// <see cref="FlagAwareMetricsOptions.MaxTaggedFlags"/> in all. Recomputed whenever the configuration reloads, so a
/// flag is tagged from the refresh that brings its rollout's start and untagged from the one that brings its end.
/// </summary>
internal sealed partial class TaggedFlags : IDisposable
{
    private const string FeatureFlagsSection = "feature_management:feature_flags";

    private readonly FlagAwareMetricsOptions _options;
    private readonly IConfiguration? _configuration;
    private readonly ILogger? _logger;
    private readonly IDisposable? _reloads;
    private FrozenSet<string> _flags;

    public TaggedFlags(FlagAwareMetricsOptions options, IConfiguration? configuration, ILogger? logger)
    {
        _options = options;
        _configuration = options.TagActiveRolloutsAndExperiments ? configuration : null;
        _logger = logger;
        _flags = Compute();
        if (_configuration is not null)
        {
            _reloads = ChangeToken.OnChange(_configuration.GetReloadToken, () => _flags = Compute());
        }
    }

    public bool Contains(string flag) => _flags.Contains(flag);

    public void Dispose() => _reloads?.Dispose();

    private FrozenSet<string> Compute()
    {
        var chosen = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidates = _options.Flags.Order(StringComparer.Ordinal)
            .Concat(_configuration is null ? [] : ActiveRollouts(_configuration).Order(StringComparer.Ordinal))
            .Concat(_configuration is null ? [] : Experiments(_configuration).Order(StringComparer.Ordinal));
        var dropped = 0;
        foreach (var flag in candidates)
        {
            if (!seen.Add(flag))
            {
                continue;
            }

            if (chosen.Count < _options.MaxTaggedFlags)
            {
                chosen.Add(flag);
            }
            else
            {
                dropped++;
            }
        }

        if (dropped > 0 && _logger is not null)
        {
            LogCapReached(_logger, dropped, _options.MaxTaggedFlags);
        }

        return chosen.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The flags with a rollout plan (<c>.openfeatureappconfig.rollout/&lt;flag&gt;</c>) that is running or paused.</summary>
    private static IEnumerable<string> ActiveRollouts(IConfiguration configuration)
    {
        foreach (var plan in configuration.GetChildren())
        {
            if (!plan.Key.StartsWith(RolloutKeys.KeyPrefix, StringComparison.OrdinalIgnoreCase) || plan.Key.Length == RolloutKeys.KeyPrefix.Length)
            {
                continue;
            }

            // The plan's content type is JSON, so the provider lays it out as a section; a plan loaded as plain text is read here.
            if (StateOf(plan) is "running" or "paused")
            {
                yield return plan.Key[RolloutKeys.KeyPrefix.Length..];
            }
        }
    }

    private static string? StateOf(IConfigurationSection plan)
    {
        if (plan["state"] is { } state)
        {
            return state;
        }

        if (string.IsNullOrWhiteSpace(plan.Value))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(plan.Value);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("state", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The variant flags whose telemetry metadata marks them as an experiment.</summary>
    private static IEnumerable<string> Experiments(IConfiguration configuration)
    {
        foreach (var flag in configuration.GetSection(FeatureFlagsSection).GetChildren())
        {
            if (flag["id"] is { Length: > 0 } id
                && string.Equals(flag["telemetry:metadata:" + FlagAwareMetrics.ExperimentMetadataKey], bool.TrueString, StringComparison.OrdinalIgnoreCase)
                && flag.GetSection("variants").GetChildren().Any())
            {
                yield return id;
            }
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Dropped} flags under a rollout or experiment are not tagged in the flag-aware metrics: at most {Cap} flags are (FlagAwareMetricsOptions.MaxTaggedFlags)")]
    private static partial void LogCapReached(ILogger logger, int dropped, int cap);
}
