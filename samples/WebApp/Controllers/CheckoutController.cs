using Microsoft.AspNetCore.Mvc;
using OpenFeature;

namespace OpenFeatureAppConfig.Samples.WebApp.Controllers;

/// <summary>The checkout: the new one when <c>new_checkout</c> is on, with the buy button in the colour of <c>button_color</c>.</summary>
public sealed class CheckoutController(IFeatureClient flags) : Controller
{
    /// <summary>Shows the checkout page.</summary>
    public async Task<IActionResult> Index()
    {
        var newCheckout = await flags.GetBooleanValueAsync("new_checkout", false, cancellationToken: HttpContext.RequestAborted);
        ViewData["ButtonColor"] = await flags.GetStringValueAsync("button_color", "blue", cancellationToken: HttpContext.RequestAborted);
        return View(newCheckout ? "New" : "Classic");
    }
}
