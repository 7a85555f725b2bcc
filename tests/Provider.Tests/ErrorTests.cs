using Microsoft.FeatureManagement;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Tests;

public sealed class ErrorTests
{
    [Test]
    public async Task A_missing_flag_is_flag_not_found_for_every_type()
    {
        // Contrib weakness: a missing non-boolean flag returned the default silently.
        var provider = Flags.Provider("""{"id":"Other","enabled":true}""");

        var boolean = await provider.ResolveBooleanValueAsync("Nope", true);
        var text = await provider.ResolveStringValueAsync("Nope", "d");
        var integer = await provider.ResolveIntegerValueAsync("Nope", 3);
        var number = await provider.ResolveDoubleValueAsync("Nope", 1.5);
        var structure = await provider.ResolveStructureValueAsync("Nope", new Value("d"));

        Assert.Multiple(() =>
        {
            Assert.That((boolean.Value, boolean.ErrorType, boolean.Reason), Is.EqualTo((true, ErrorType.FlagNotFound, Reason.Error)));
            Assert.That((text.Value, text.ErrorType), Is.EqualTo(("d", ErrorType.FlagNotFound)));
            Assert.That((integer.Value, integer.ErrorType), Is.EqualTo((3, ErrorType.FlagNotFound)));
            Assert.That((number.Value, number.ErrorType), Is.EqualTo((1.5, ErrorType.FlagNotFound)));
            Assert.That((structure.Value.AsString, structure.ErrorType), Is.EqualTo(("d", ErrorType.FlagNotFound)));
            Assert.That(boolean.ErrorMessage, Does.Contain("Nope"));
        });
    }

    [Test]
    public async Task A_missing_flag_is_found_missing_without_enumerating_flags()
    {
        // Contrib weakness: every boolean miss enumerated all flags. The index is built once; misses touch no
        // definition at all.
        var definitions = new CountingDefinitionProvider(Flags.Configuration("""{"id":"A","enabled":true}""", """{"id":"B","enabled":false}"""));
        var manager = new FeatureManager(definitions, new FeatureManagementOptions());
        var provider = new FeatureManagementProvider(manager, definitions);
        await provider.InitializeAsync(EvaluationContext.Empty);

        for (var i = 0; i < 100; i++)
        {
            var miss = await provider.ResolveBooleanValueAsync("Missing" + i, false);
            Assert.That(miss.ErrorType, Is.EqualTo(ErrorType.FlagNotFound));
        }

        var hit = await provider.ResolveBooleanValueAsync("A", false);

        Assert.Multiple(() =>
        {
            Assert.That(hit.Value, Is.True);
            Assert.That(definitions.Enumerations, Is.EqualTo(1), "one enumeration at initialization");
            Assert.That(definitions.Lookups, Is.LessThanOrEqualTo(2), "lookups only for the flag that exists");
        });
    }

    [Test]
    public async Task A_malformed_flag_is_a_parse_error_naming_it_and_other_flags_still_work()
    {
        // Contrib weakness: parse errors returned the default silently.
        var provider = Flags.Provider("""{"id":"Broken","enabled":"maybe"}""", """{"id":"Fine","enabled":true}""");

        var broken = await provider.ResolveBooleanValueAsync("Broken", true);
        var fine = await provider.ResolveBooleanValueAsync("Fine", false);

        Assert.Multiple(() =>
        {
            Assert.That((broken.Value, broken.ErrorType, broken.Reason), Is.EqualTo((true, ErrorType.ParseError, Reason.Error)));
            Assert.That(broken.ErrorMessage, Does.Contain("Broken"));
            Assert.That(fine.Value, Is.True);
        });
    }

    [Test]
    public async Task Malformed_filter_parameters_are_a_parse_error_naming_the_flag()
    {
        var provider = Flags.Provider("""
            {"id":"BadRollout","enabled":true,"conditions":{"client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"DefaultRolloutPercentage":"lots"}}}]}}
            """);

        var result = await provider.ResolveBooleanValueAsync("BadRollout", false, Flags.User("u"));

        Assert.Multiple(() =>
        {
            Assert.That((result.ErrorType, result.Reason), Is.EqualTo((ErrorType.ParseError, Reason.Error)));
            Assert.That(result.ErrorMessage, Does.Contain("BadRollout"));
        });
    }

    [Test]
    public async Task An_unknown_filter_is_a_general_error_naming_flag_and_filter()
    {
        var provider = Flags.Provider("""
            {"id":"Custom","enabled":true,"conditions":{"client_filters":[{"name":"Contoso.Unregistered"}]}}
            """);

        var result = await provider.ResolveBooleanValueAsync("Custom", true, Flags.User("u"));

        Assert.Multiple(() =>
        {
            Assert.That((result.Value, result.ErrorType, result.Reason), Is.EqualTo((true, ErrorType.General, Reason.Error)));
            Assert.That(result.ErrorMessage, Does.Contain("Custom").And.Contain("Contoso.Unregistered"));
        });
    }

    [Test]
    public async Task A_cancelled_token_is_a_general_error_with_the_cancellation_as_message()
    {
        // Contrib weakness: the cancellation token was dropped.
        var provider = Flags.Provider("""{"id":"On","enabled":true}""");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var boolean = await provider.ResolveBooleanValueAsync("On", false, null, cancellation.Token);
        var text = await provider.ResolveStringValueAsync("On", "d", null, cancellation.Token);

        Assert.Multiple(() =>
        {
            Assert.That((boolean.Value, boolean.ErrorType, boolean.Reason), Is.EqualTo((false, ErrorType.General, Reason.Error)));
            Assert.That(boolean.ErrorMessage, Is.EqualTo(new OperationCanceledException().Message));
            Assert.That((text.Value, text.ErrorType), Is.EqualTo(("d", ErrorType.General)));
        });
    }

    [Test]
    public async Task A_cancellation_inside_a_filter_reaches_the_filter_and_is_reported()
    {
        using var cancellation = new CancellationTokenSource();
        var filter = new CancellingFilter(cancellation);
        var options = new FeatureManagementProviderOptions();
        options.FeatureFilters.Add(filter);
        var provider = Flags.Provider(options, """{"id":"Slow","enabled":true,"conditions":{"client_filters":[{"name":"Cancelling"}]}}""");

        var result = await provider.ResolveBooleanValueAsync("Slow", true, Flags.User("u"), cancellation.Token);

        Assert.That((result.Value, result.ErrorType, result.ErrorMessage), Is.EqualTo((true, ErrorType.General, new OperationCanceledException().Message)));
    }

    [FilterAlias("Cancelling")]
    private sealed class CancellingFilter(CancellationTokenSource source) : IFeatureFilter
    {
        public Task<bool> EvaluateAsync(FeatureFilterEvaluationContext context)
        {
            // The manager passes the caller's token to filters: cancel mid-evaluation.
            source.Cancel();
            context.CancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(true);
        }
    }

    private sealed class CountingDefinitionProvider(Microsoft.Extensions.Configuration.IConfiguration configuration) : IFeatureDefinitionProvider
    {
        private readonly ConfigurationFeatureDefinitionProvider _inner = new(configuration);
        private int _enumerations;
        private int _lookups;

        public int Enumerations => _enumerations;

        public int Lookups => _lookups;

        public Task<FeatureDefinition> GetFeatureDefinitionAsync(string featureName)
        {
            Interlocked.Increment(ref _lookups);
            return _inner.GetFeatureDefinitionAsync(featureName);
        }

        public IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
        {
            Interlocked.Increment(ref _enumerations);
            return _inner.GetAllFeatureDefinitionsAsync();
        }
    }
}
