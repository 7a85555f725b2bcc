using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>An app that runs rollouts without guardrails never loads OpenTelemetry or this assembly; guardrails never load Redis.</summary>
[TestFixture]
public sealed class AssemblyBoundaryTests
{
    [Test]
    public void Rollouts_references_neither_guardrails_nor_OpenTelemetry()
    {
        var references = typeof(IRolloutGuard).Assembly.GetReferencedAssemblies().Select(name => name.Name).ToList();

        Assert.That(references, Has.None.StartsWith("OpenTelemetry"));
        Assert.That(references, Has.None.EqualTo(typeof(GuardrailDecision).Assembly.GetName().Name));
    }

    [Test]
    public void Guardrails_and_fleet_share_counts_without_depending_on_each_other()
    {
        var guardrails = typeof(GuardrailDecision).Assembly.GetReferencedAssemblies().Select(name => name.Name).ToList();
        var fleet = typeof(OpenFeatureAppConfig.Fleet.FleetOptions).Assembly.GetReferencedAssemblies().Select(name => name.Name).ToList();

        Assert.That(guardrails, Has.None.StartsWith("StackExchange.Redis").And.None.EqualTo("OpenFeatureAppConfig.Fleet"));
        Assert.That(fleet, Has.None.StartsWith("Microsoft.AspNetCore").And.None.StartsWith("OpenTelemetry").And.None.EqualTo("OpenFeatureAppConfig.Guardrails"));
    }
}
