using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace OpenFeatureAppConfig.Samples.WebApp.Controllers;

/// <summary>
/// A sign-in-as-anyone switch, so that a person can watch targeting work: no password, just a user name and groups.
/// Never do this in a real app.
/// </summary>
[Route("account")]
public sealed class AccountController : Controller
{
    /// <summary>Shows the sign-in form.</summary>
    [HttpGet("signin")]
    public IActionResult SignIn() => View();

    /// <summary>Signs in as <paramref name="userName"/>, member of the comma-separated <paramref name="groups"/>.</summary>
    [HttpPost("signin")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> SignIn([FromForm] string? userName, [FromForm] string? groups, [FromForm] string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            ModelState.AddModelError(nameof(userName), "Enter a user name.");
            return View();
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, userName.Trim()) };
        foreach (var group in (groups ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            claims.Add(new Claim(ClaimTypes.Role, group));
        }

        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    /// <summary>Signs out.</summary>
    [HttpPost("signout")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> SignOutUser()
    {
        await HttpContext.SignOutAsync();
        return LocalRedirect("/");
    }
}
