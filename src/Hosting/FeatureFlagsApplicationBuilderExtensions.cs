using OpenFeatureAppConfig.Hosting.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the feature flag middleware to an ASP.NET Core pipeline.</summary>
public static class FeatureFlagsApplicationBuilderExtensions
{
    /// <summary>
    /// Sets each request's evaluation context — targeting key, groups and extra attributes from the request's user,
    /// see <c>FeatureFlagsOptions.Targeting</c> — as the OpenFeature transaction context, so client evaluations
    /// without a context target the current user. Place it after <c>UseAuthentication()</c>. Needs
    /// <c>AddOpenFeature(of =&gt; of.AddFeatureManagementProvider())</c>.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseFeatureFlagTargeting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        EnsureRegistered<RequestTargeting>(app, "AddOpenFeature(of => of.AddFeatureManagementProvider())");
        return app.UseMiddleware<RequestTargetingMiddleware>();
    }

    /// <summary>
    /// Starts a refresh of the flag store from requests when one is due (at most once a second, in the background:
    /// a request never waits for it), in addition to the background refresh service. Needs <c>AddFeatureFlags()</c>.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UseFeatureFlagRefresh(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        EnsureRegistered<FlagStoreRefresher>(app, "builder.AddFeatureFlags()");
        return app.UseMiddleware<RequestRefreshMiddleware>();
    }

    private static void EnsureRegistered<T>(IApplicationBuilder app, string registration)
    {
        if (app.ApplicationServices.GetService(typeof(T)) is null)
        {
            throw new InvalidOperationException($"The feature flag services are missing; call {registration} when adding services.");
        }
    }
}
