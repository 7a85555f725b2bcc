namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The PromQL guard's templates: a hostile flag or variant name cannot end a PromQL string early.</summary>
[TestFixture]
public sealed class PrometheusQueryTemplateTests
{
    [Test]
    public void Placeholders_are_filled_and_names_escaped_as_PromQL_strings()
    {
        var query = PrometheusRolloutGuard.Render(
            "x{k=\"{flag}\",v{op}\"{variant}\"}[{window}]", "a\"}) or vector(1) #", "b\\\n", "!=", "60s");

        Assert.That(query, Is.EqualTo("x{k=\"a\\\"}) or vector(1) #\",v!=\"b\\\\\\n\"}[60s]"));
    }
}
