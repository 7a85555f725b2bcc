using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature;
using OpenFeature.Isolated;
using OpenFeature.Model;
using OpenFeatureAppConfig.Provider;

namespace OpenFeatureAppConfig.Benchmarks.Provider;

/// <summary>
/// The cost the official OpenFeature SDK and our provider add to Microsoft.FeatureManagement: each OpenFeature call,
/// and the provider called alone (our share), against the direct <see cref="IVariantFeatureManager"/> call with the
/// same targeting context (the baseline of its category), for an on/off flag, a targeting flag (100 users, 5 groups,
/// default rollout) and a string flag with percentile allocation, with 10 and 10,000 flags defined. The minimum
/// iteration is shown too: on a machine shared with other work it is the closest to the uncontended cost.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ProviderEvaluationBenchmarks
{
    private const string OnOff = "Bench.OnOff";
    private const string Targeted = "Bench.Targeting";
    private const string Split = "Bench.Split";

    private ServiceProvider _services = null!;
    private IVariantFeatureManager _featureManager = null!;
    private FeatureClient _client = null!;
    private FeatureManagementProvider _provider = null!;
    private TargetingContext _targetingContext = null!;
    private EvaluationContext _evaluationContext = null!;

    /// <summary>How many flags are defined besides the three measured.</summary>
    [Params(10, 10_000)]
    public int FlagCount { get; set; }

    /// <summary>Loads the flags, builds the feature manager (as <c>AddFeatureManagement()</c> does) and the client.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(FlagsJson(FlagCount)));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFeatureManagement();
        _services = services.BuildServiceProvider();
        _featureManager = _services.GetRequiredService<IVariantFeatureManager>();

        _provider = new FeatureManagementProvider(configuration);
        var api = OpenFeatureFactory.CreateIsolated();
        api.SetProviderAsync(_provider).GetAwaiter().GetResult();
        _client = api.GetClient();

        // A user in none of the targeted lists, in two groups of which one has a rollout: the longest path.
        _targetingContext = new TargetingContext { UserId = "user-4711", Groups = ["group-3", "unrelated"] };
        _evaluationContext = EvaluationContext.Builder()
            .SetTargetingKey("user-4711")
            .Set("groups", new Value([new Value("group-3"), new Value("unrelated")]))
            .Build();

        // Warm both paths (definition caches, bound filter settings) before measuring.
        DirectOnOff().GetAwaiter().GetResult();
        DirectTargeting().GetAwaiter().GetResult();
        DirectSplit().GetAwaiter().GetResult();
        OpenFeatureOnOff().GetAwaiter().GetResult();
        OpenFeatureTargeting().GetAwaiter().GetResult();
        OpenFeatureSplit().GetAwaiter().GetResult();
    }

    /// <summary>Disposes the services.</summary>
    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>On/off flag, direct.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("OnOff")]
    public ValueTask<bool> DirectOnOff() => _featureManager.IsEnabledAsync(OnOff, _targetingContext, CancellationToken.None);

    /// <summary>On/off flag through OpenFeature.</summary>
    [Benchmark, BenchmarkCategory("OnOff")]
    public Task<bool> OpenFeatureOnOff() => _client.GetBooleanValueAsync(OnOff, false, _evaluationContext);

    /// <summary>On/off flag, provider called without the SDK (how much of the cost is the provider's).</summary>
    [Benchmark, BenchmarkCategory("OnOff")]
    public Task<ResolutionDetails<bool>> ProviderOnOff() => _provider.ResolveBooleanValueAsync(OnOff, false, _evaluationContext);

    /// <summary>Targeting flag, direct.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Targeting")]
    public ValueTask<bool> DirectTargeting() => _featureManager.IsEnabledAsync(Targeted, _targetingContext, CancellationToken.None);

    /// <summary>Targeting flag through OpenFeature.</summary>
    [Benchmark, BenchmarkCategory("Targeting")]
    public Task<bool> OpenFeatureTargeting() => _client.GetBooleanValueAsync(Targeted, false, _evaluationContext);

    /// <summary>Targeting flag, provider called without the SDK.</summary>
    [Benchmark, BenchmarkCategory("Targeting")]
    public Task<ResolutionDetails<bool>> ProviderTargeting() => _provider.ResolveBooleanValueAsync(Targeted, false, _evaluationContext);

    /// <summary>String flag with percentile allocation, direct (variant and its value).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Split")]
    public async Task<string?> DirectSplit()
    {
        var variant = await _featureManager.GetVariantAsync(Split, _targetingContext, CancellationToken.None).ConfigureAwait(false);
        return variant?.Configuration?.Value;
    }

    /// <summary>String flag with percentile allocation through OpenFeature.</summary>
    [Benchmark, BenchmarkCategory("Split")]
    public Task<string> OpenFeatureSplit() => _client.GetStringValueAsync(Split, "none", _evaluationContext);

    /// <summary>String flag with percentile allocation, provider called without the SDK.</summary>
    [Benchmark, BenchmarkCategory("Split")]
    public Task<ResolutionDetails<string>> ProviderSplit() => _provider.ResolveStringValueAsync(Split, "none", _evaluationContext);

    private static string FlagsJson(int fillerCount)
    {
        var json = new StringBuilder("{\"feature_management\":{\"feature_flags\":[");
        for (var i = 0; i < fillerCount; i++)
        {
            json.Append("{\"id\":\"Filler").Append(i).Append("\",\"enabled\":").Append(i % 2 == 0 ? "true" : "false").Append("},");
        }

        var users = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"listed-{i}\""));
        var groups = string.Join(",", Enumerable.Range(0, 5).Select(i => $"{{\"Name\":\"group-{i}\",\"RolloutPercentage\":{i * 10}}}"));
        json.Append("{\"id\":\"").Append(OnOff).Append("\",\"enabled\":true},");
        json.Append("{\"id\":\"").Append(Targeted).Append("\",\"enabled\":true,\"conditions\":{\"client_filters\":[{\"name\":\"Microsoft.Targeting\",\"parameters\":{\"Audience\":{")
            .Append("\"Users\":[").Append(users).Append("],\"Groups\":[").Append(groups).Append("],\"DefaultRolloutPercentage\":10}}}]}},");
        json.Append("{\"id\":\"").Append(Split).Append("\",\"enabled\":true,")
            .Append("\"variants\":[{\"name\":\"Red\",\"configuration_value\":\"red\"},{\"name\":\"Green\",\"configuration_value\":\"green\"},{\"name\":\"Blue\",\"configuration_value\":\"blue\"}],")
            .Append("\"allocation\":{\"seed\":\"bench\",\"percentile\":[{\"variant\":\"Red\",\"from\":0,\"to\":34},{\"variant\":\"Green\",\"from\":34,\"to\":67},{\"variant\":\"Blue\",\"from\":67,\"to\":100}]}}");
        json.Append("]}}");
        return json.ToString();
    }
}
