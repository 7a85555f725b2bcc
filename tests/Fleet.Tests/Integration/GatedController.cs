using Microsoft.AspNetCore.Mvc;
using Microsoft.FeatureManagement.Mvc;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>MVC actions behind <c>[FeatureGate]</c>: 200 when the flag is on for the signed-in user, 404 otherwise.</summary>
[ApiController]
[Route("gated")]
public sealed class GatedController : ControllerBase
{
    [HttpGet(EvaluationAgreementTests.ToggleFlag)]
    [FeatureGate(EvaluationAgreementTests.ToggleFlag)]
    public string Toggle() => "in";

    [HttpGet(EvaluationAgreementTests.RolloutFlag)]
    [FeatureGate(EvaluationAgreementTests.RolloutFlag)]
    public string Rollout() => "in";
}
