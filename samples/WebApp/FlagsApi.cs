using OpenFeature;

namespace OpenFeatureAppConfig.Samples.WebApp;

/// <summary>The minimal API: the sample's flags for the current user, as the OpenFeature client answers them.</summary>
internal static class FlagsApi
{
    public static async Task<IResult> GetAsync(IFeatureClient flags, HttpContext http)
    {
        var colour = await flags.GetStringDetailsAsync("button_color", "blue");
        return Results.Ok(new
        {
            user = http.User.Identity?.Name,
            new_checkout = await flags.GetBooleanValueAsync("new_checkout", false),
            beta_dashboard = await flags.GetBooleanValueAsync("beta_dashboard", false),
            recommendations = await flags.GetBooleanValueAsync("recommendations", false),
            button_color = colour.Value,
            button_color_variant = colour.Variant,
        });
    }
}
