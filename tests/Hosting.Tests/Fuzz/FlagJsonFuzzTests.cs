using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Hosting.Tests.Fuzz;

/// <summary>
/// Generated flags, good and bad, stored in the emulator and read by the source: evaluated through the OpenFeature
/// client and through the feature managers of our registration, nothing ever throws, and the client answers a value
/// with a reason or an ERROR with an error type.
/// </summary>
public sealed class FlagJsonFuzzTests
{
    private const string PinnedSeed = "0001bWesPZB1";
    private const int FlagsPerRound = 25;
    private const string FlagContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";

    private static readonly Gen<string[]> Round = FuzzFlags.Flag("__ID__").Array[FlagsPerRound];

    private static readonly Gen<(string? User, string[]? Groups)> Contexts = Gen.Select(
        Gen.OneOf<string?>(null, "alice", "bob", "carol", ""),
        Gen.OneOf<string[]?>(null, ["beta"], ["gold", "beta"], []));

    [Test]
    public async Task Generated_flags_never_make_evaluation_throw()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { ValidateFeatureFlags = false });
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "00:00:01",
            },
            configureServices: builder => builder.Services.AddHealthChecks().AddFeatureFlags());
        var client = app.Services.GetRequiredService<IFeatureClient>();
        var variants = app.Services.GetRequiredService<IVariantFeatureManager>();
        var features = app.Services.GetRequiredService<IFeatureManager>();
        var health = app.Services.GetRequiredService<HealthCheckService>();
        var round = 0;
        var outcomes = new HashSet<string>();
        var contexts = Contexts.Array[FlagsPerRound];

        await Gen.Select(Round, contexts).SampleAsync(
            async (flags, targets) =>
            {
                var marker = $"marker-{++round}";
                for (var i = 0; i < flags.Length; i++)
                {
                    await emulator.SetKeyValueAsync($".appconfig.featureflag/fuzz-{i}", flags[i].Replace("__ID__", $"fuzz-{i}"), contentType: FlagContentType);
                }

                await emulator.SetFeatureFlagAsync(Flags.Boolean(marker, true));
                Assert.That(await Eventually.TrueAsync(async () => await client.GetBooleanValueAsync(marker, false)), Is.True, "the source read the round's flags");

                for (var i = 0; i < flags.Length; i++)
                {
                    var key = $"fuzz-{i}";
                    var (user, groups) = targets[i];
                    var context = EvaluationContext.Builder();
                    if (user is not null)
                    {
                        context.SetTargetingKey(user);
                    }

                    if (groups is not null)
                    {
                        context.Set("groups", new Value(groups.Select(g => new Value(g)).ToList()));
                    }

                    var evaluation = context.Build();
                    var enabled = await client.GetBooleanDetailsAsync(key, false, evaluation);
                    AssertResolution(enabled);
                    outcomes.Add(enabled.ErrorType == ErrorType.None ? enabled.Reason! : enabled.ErrorType.ToString());
                    AssertResolution(await client.GetStringDetailsAsync(key, "default", evaluation));
                    AssertResolution(await client.GetIntegerDetailsAsync(key, 7, evaluation));
                    AssertResolution(await client.GetObjectDetailsAsync(key, new Value(), evaluation));

                    var target = new TargetingContext { UserId = user, Groups = groups };
                    Assert.DoesNotThrowAsync(async () => await variants.IsEnabledAsync(key, target));
                    Assert.DoesNotThrowAsync(async () => await variants.GetVariantAsync(key, target));
                    Assert.DoesNotThrowAsync(async () => await features.IsEnabledAsync(key));
                }

                var report = await health.CheckHealthAsync();
                Assert.That(report.Status, Is.Not.EqualTo(HealthStatus.Unhealthy), report.Entries["feature_flags"].Description);
            },
            seed: FuzzSettings.Seed(PinnedSeed),
            iter: FuzzSettings.Iterations(4),
            threads: 1,
            writeLine: TestContext.Out.WriteLine,
            print: input => string.Join("\n", input.Item1));

        // The generator is worth something only if it reaches both sides: flags that evaluate and flags that fail.
        Assert.That(outcomes, Has.Some.EqualTo(nameof(ErrorType.ParseError)), string.Join(", ", outcomes));
        Assert.That(outcomes, Has.Some.EqualTo(Reason.TargetingMatch).Or.Some.EqualTo(Reason.Static), string.Join(", ", outcomes));
        TestContext.Out.WriteLine($"Outcomes: {string.Join(", ", outcomes)}");
    }

    private static void AssertResolution<T>(FlagEvaluationDetails<T> details)
    {
        if (details.ErrorType == ErrorType.None)
        {
            Assert.That(details.Reason, Is.Not.Null.And.Not.EqualTo(Reason.Error), $"{details.FlagKey}: a value comes with its reason");
        }
        else
        {
            Assert.That(details.Reason, Is.EqualTo(Reason.Error), $"{details.FlagKey}: {details.ErrorType} {details.ErrorMessage}");
        }
    }
}
