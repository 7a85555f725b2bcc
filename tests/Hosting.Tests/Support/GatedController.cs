using Microsoft.AspNetCore.Mvc;
using Microsoft.FeatureManagement.Mvc;

namespace OpenFeatureAppConfig.Hosting.Tests.Support;

/// <summary>An MVC controller behind <c>[FeatureGate]</c> (404 when the flag is off for the user).</summary>
[ApiController]
[Route("gated")]
[FeatureGate(TargetingTests.RolloutFlag)]
public sealed class GatedController : ControllerBase
{
    [HttpGet]
    public string Get() => "in";
}
