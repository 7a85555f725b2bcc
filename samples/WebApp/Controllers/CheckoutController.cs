using Microsoft.AspNetCore.Mvc;
using OpenFeature;
using OpenFeature.Model;
using OpenFeatureAppConfig.Guardrails;
using OpenFeatureAppConfig.Samples.WebApp.Flags;

namespace OpenFeatureAppConfig.Samples.WebApp.Controllers;

/// <summary>
/// The checkout: the new one when <c>new_checkout</c> is on, with the buy button in the colour of the
/// <c>button_color</c> experiment; buying is the experiment's <c>purchase</c> event.
/// </summary>
public sealed class CheckoutController(IFeatureClient flags, CheckoutFaults faults) : Controller
{
    /// <summary>The sticker's price, the value of the purchase event.</summary>
    private const double Price = 4.99;

    /// <summary>Shows the checkout page.</summary>
    public async Task<IActionResult> Index()
    {
        var newCheckout = await EvaluateAsync();
        return faults.ShouldFail(newCheckout) ? Broken() : View(newCheckout ? "New" : "Classic");
    }

    /// <summary>Buys the sticker: a <c>purchase</c> tracking event, counted against the variants this request evaluated.</summary>
    [HttpPost]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Purchase()
    {
        // Evaluated again in this request, so that the event is counted per variant the buyer saw.
        var newCheckout = await EvaluateAsync();
        if (faults.ShouldFail(newCheckout))
        {
            return Broken();
        }

        flags.TrackWithVariants("purchase", trackingEventDetails: TrackingEventDetails.Builder()
            .SetValue(Price)
            .Set("checkout", newCheckout ? "new" : "classic")
            .Build());
        return View("Purchased");
    }

    private async Task<bool> EvaluateAsync()
    {
        var newCheckout = await flags.GetBooleanValueAsync("new_checkout", false, cancellationToken: HttpContext.RequestAborted);
        ViewData["ButtonColor"] = await flags.GetStringValueAsync("button_color", "blue", cancellationToken: HttpContext.RequestAborted);
        return newCheckout;
    }

    /// <summary>The injected bug of <c>--buggy-treatment</c>: a 500 page, as a real bug would give.</summary>
    private ViewResult Broken()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View("Broken");
    }
}
