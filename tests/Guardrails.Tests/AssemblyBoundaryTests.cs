using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>An app that runs rollouts without guardrails never loads OpenTelemetry or this assembly.</summary>
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
}
