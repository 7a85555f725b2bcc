using Microsoft.AspNetCore.Mvc;
using Microsoft.FeatureManagement.Mvc;

namespace OpenFeatureAppConfig.Samples.WebApp.Controllers;

/// <summary>The beta dashboard, only for users targeted by <c>beta_dashboard</c> (others get a 403 page).</summary>
[FeatureGate("beta_dashboard")]
[Route("beta")]
public sealed class BetaDashboardController : Controller
{
    /// <summary>Shows the dashboard.</summary>
    [HttpGet("")]
    public IActionResult Index() => View();
}
