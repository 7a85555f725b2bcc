using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class FilterTests
{
    private const string ByCountry = """
        {"id":"Local","enabled":true,"conditions":{"client_filters":[{"name":"Country","parameters":{"Allowed":["NL","BE"]}}]}}
        """;

    private const string Window = """
        {"id":"Sale","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.TimeWindow","parameters":{"Start":"2030-01-01T00:00:00Z","End":"2030-01-02T00:00:00Z"}}]}}
        """;

    [Test]
    public async Task Custom_contextual_filters_read_any_attribute_of_the_evaluation_context()
    {
        // Contrib weakness: no filter was registered, so any flag with a client filter failed.
        var options = new FeatureManagementProviderOptions();
        options.FeatureFilters.Add(new CountryFilter());
        var provider = Flags.Provider(options, ByCountry);

        var dutch = await provider.ResolveBooleanValueAsync("Local", false, EvaluationContext.Builder().SetTargetingKey("u").Set("country", "NL").Build());
        var french = await provider.ResolveBooleanValueAsync("Local", true, EvaluationContext.Builder().SetTargetingKey("u").Set("country", "FR").Build());

        Assert.Multiple(() =>
        {
            Assert.That((dutch.Value, dutch.Reason, dutch.ErrorType), Is.EqualTo((true, Reason.TargetingMatch, ErrorType.None)));
            Assert.That((french.Value, french.Reason), Is.EqualTo((false, Reason.TargetingMatch)));
        });
    }

    [Test]
    public async Task The_time_window_filter_uses_the_given_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2029, 12, 31, 23, 0, 0, TimeSpan.Zero));
        var provider = Flags.Provider(new FeatureManagementProviderOptions { TimeProvider = clock }, Window);

        var before = await provider.ResolveBooleanValueAsync("Sale", true);
        clock.Advance(TimeSpan.FromHours(2));
        var during = await provider.ResolveBooleanValueAsync("Sale", false);

        Assert.That((before.Value, during.Value), Is.EqualTo((false, true)));
    }

    [Test]
    public async Task The_built_in_percentage_filter_works()
    {
        var provider = Flags.Provider("""
            {"id":"All","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Percentage","parameters":{"Value":100}}]}}
            """, """
            {"id":"None","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Percentage","parameters":{"Value":0}}]}}
            """);

        var all = await provider.ResolveBooleanValueAsync("All", false);
        var none = await provider.ResolveBooleanValueAsync("None", true);

        Assert.That((all.Value, none.Value, all.ErrorType), Is.EqualTo((true, false, ErrorType.None)));
    }

    [Test]
    public async Task From_services_uses_the_registered_filters_clock_and_targeting_options()
    {
        var configuration = Flags.Configuration(ByCountry, Window, """
            {"id":"Beta","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":["alice"]}}}]}}
            """);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton<TimeProvider>(clock);
        services.AddFeatureManagement().AddFeatureFilter<CountryFilter>();
        services.Configure<TargetingEvaluationOptions>(o => o.IgnoreCase = true);
        await using var serviceProvider = services.BuildServiceProvider();
        var provider = FeatureManagementProvider.FromServices(serviceProvider);
        await provider.InitializeAsync(EvaluationContext.Empty);

        var local = await provider.ResolveBooleanValueAsync("Local", false, EvaluationContext.Builder().Set("country", "BE").Build());
        var sale = await provider.ResolveBooleanValueAsync("Sale", false);
        var beta = await provider.ResolveBooleanValueAsync("Beta", false, Flags.User("ALICE"));
        var missing = await provider.ResolveBooleanValueAsync("Missing", false);

        Assert.That((local.Value, sale.Value, beta.Value, missing.ErrorType), Is.EqualTo((true, true, true, ErrorType.FlagNotFound)));
    }

    [FilterAlias("Country")]
    private sealed class CountryFilter : IContextualFeatureFilter<IEvaluationAttributes>
    {
        public Task<bool> EvaluateAsync(FeatureFilterEvaluationContext context, IEvaluationAttributes attributes)
        {
            var allowed = context.Parameters.GetSection("Allowed").Get<string[]>() ?? [];
            return Task.FromResult(attributes.TryGetAttribute("country", out var country) && allowed.Contains(country!.AsString));
        }
    }
}
