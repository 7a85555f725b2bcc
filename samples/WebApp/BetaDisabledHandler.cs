using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.FeatureManagement.Mvc;

namespace OpenFeatureAppConfig.Samples.WebApp;

/// <summary>What a user gets from a <c>[FeatureGate]</c> whose flag is off for them: a 403 page that says so.</summary>
internal sealed class BetaDisabledHandler : IDisabledFeaturesHandler
{
    public Task HandleDisabledFeatures(IEnumerable<string> features, ActionExecutingContext context)
    {
        var user = context.HttpContext.User.Identity?.Name ?? "anonymous";
        context.Result = new ViewResult
        {
            ViewName = "FeatureDisabled",
            StatusCode = StatusCodes.Status403Forbidden,
            ViewData = new Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary(new Microsoft.AspNetCore.Mvc.ModelBinding.EmptyModelMetadataProvider(), context.ModelState)
            {
                ["Features"] = string.Join(", ", features),
                ["User"] = user,
            },
        };
        return Task.CompletedTask;
    }
}
