using Microsoft.AspNetCore.Mvc;
using OpenFeature;
using OpenFeatureAppConfig.Samples.WebApp.Flags;

namespace OpenFeatureAppConfig.Samples.WebApp.Controllers;

/// <summary>The start page: who is signed in, where the flags come from, and the rollout flag's answer.</summary>
public sealed class HomeController(IFeatureClient flags, FlagSource source, IConfiguration configuration) : Controller
{
    /// <summary>Shows the start page.</summary>
    public async Task<IActionResult> Index()
    {
        ViewData["Source"] = source;
        ViewData["Banner"] = configuration["Sample:Banner"];
        ViewData["Recommendations"] = await flags.GetBooleanValueAsync("recommendations", false, cancellationToken: HttpContext.RequestAborted);
        return View();
    }
}
