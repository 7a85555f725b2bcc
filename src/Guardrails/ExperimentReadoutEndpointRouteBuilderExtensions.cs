using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Maps the experiment readouts onto an ASP.NET Core app, as JSON.</summary>
public static class ExperimentReadoutEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET {pattern}</c> (the experiments) and <c>GET {pattern}/{flag}</c> (one experiment's readout: per
    /// variant exposures, conversions, conversion rate with its 95 % interval, lift against the control and
    /// significance; query <c>alpha</c> and <c>control</c> optional). Nothing is served unless the app calls this.
    /// </summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <param name="pattern">The route prefix, <c>/experiments</c> by default.</param>
    /// <param name="configure">Chooses the callers allowed.</param>
    /// <returns>A builder for further conventions on both endpoints (CORS, rate limiting, ...).</returns>
    /// <exception cref="InvalidOperationException">The readouts are not registered (<c>AddExperimentReadouts</c>).</exception>
    /// <example>
    /// <code>
    /// app.MapExperimentReadouts("/experiments", o =&gt; o.AuthorizationPolicy = "analysts")
    ///    .RequireCors(cors =&gt; cors.WithOrigins("http://127.0.0.1:8483").WithMethods("GET"));
    /// </code>
    /// </example>
    public static IEndpointConventionBuilder MapExperimentReadouts(this IEndpointRouteBuilder endpoints, string pattern = "/experiments", Action<ExperimentReadoutEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var recorder = endpoints.ServiceProvider.GetService<ExperimentRecorder>()
            ?? throw new InvalidOperationException("MapExperimentReadouts serves what the experiments recorded: register them with services.AddExperimentReadouts(...) first.");

        var options = new ExperimentReadoutEndpointOptions();
        configure?.Invoke(options);
        var handler = new ExperimentReadoutHandler(recorder, options);

        var group = endpoints.MapGroup(pattern);
        group.MapGet("/", handler.ListAsync).WithDisplayName("Experiment list");
        group.MapGet("/{flag}", handler.ReadAsync).WithDisplayName("Experiment readout");
        if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }

        return group;
    }
}
