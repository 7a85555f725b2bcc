using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using OpenFeature;
using OpenFeatureAppConfig.Hosting.Ofrep;

namespace OpenFeatureAppConfig.Hosting;

/// <summary>Maps the OpenFeature Remote Evaluation Protocol (OFREP) onto an ASP.NET Core app.</summary>
public static class OfrepEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST /ofrep/v1/evaluate/flags/{key}</c> (single evaluation) and <c>POST /ofrep/v1/evaluate/flags</c>
    /// (bulk evaluation, with an <c>ETag</c> and <c>304 Not Modified</c> for a matching <c>If-None-Match</c>), which
    /// evaluate through the app's <see cref="IFeatureClient"/> so that browser and mobile apps using an OFREP
    /// provider get the same answers as the server. Exposes no flag until <paramref name="configure"/> opts in.
    /// </summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <param name="configure">Chooses the exposed flags and the callers allowed.</param>
    /// <returns>A builder for further conventions on both endpoints (CORS, rate limiting, ...).</returns>
    /// <exception cref="InvalidOperationException">
    /// OpenFeature (<c>AddOpenFeature</c>) or feature management (<c>AddFeatureManagement</c>) is not registered.
    /// </exception>
    /// <example>
    /// <code>
    /// app.MapOfrep(ofrep =&gt;
    /// {
    ///     ofrep.Flags.Add("new_checkout");
    ///     ofrep.AuthorizationPolicy = "web-clients";
    /// });
    /// </code>
    /// </example>
    public static IEndpointConventionBuilder MapOfrep(this IEndpointRouteBuilder endpoints, Action<OfrepOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configure);
        var registered = endpoints.ServiceProvider.GetRequiredService<IServiceProviderIsService>();
        if (!registered.IsService(typeof(IFeatureClient)))
        {
            throw new InvalidOperationException("MapOfrep evaluates through IFeatureClient: register OpenFeature with services.AddOpenFeature(...) first.");
        }

        if (!registered.IsService(typeof(IFeatureDefinitionProvider)))
        {
            throw new InvalidOperationException("MapOfrep lists and types flags through IFeatureDefinitionProvider: register feature management with services.AddFeatureManagement() first.");
        }

        var options = new OfrepOptions();
        configure(options);
        var handler = new OfrepRequestHandler(options);

        var group = endpoints.MapGroup("/ofrep/v1/evaluate");
        group.MapPost("/flags/{key}", handler.EvaluateFlagAsync).WithDisplayName("OFREP single flag evaluation");
        group.MapPost("/flags", handler.EvaluateFlagsAsync).WithDisplayName("OFREP bulk flag evaluation");
        if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }

        return group;
    }
}
