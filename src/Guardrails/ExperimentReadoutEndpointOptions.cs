using Microsoft.AspNetCore.Http;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>
/// Who may read the experiment readouts mapped by
/// <see cref="ExperimentReadoutEndpointRouteBuilderExtensions.MapExperimentReadouts"/>; the same shape as OFREP's
/// options. For CORS, rate limiting or anything else, use the convention builder the mapping returns.
/// </summary>
public sealed class ExperimentReadoutEndpointOptions
{
    /// <summary>
    /// The name of the authorization policy a caller must satisfy (401/403 otherwise, from the app's
    /// authentication and authorization middleware). Default <see langword="null"/>: no policy.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Decides per request whether the caller may read readouts at all; a caller it refuses gets 403 with no body.
    /// Default <see langword="null"/>: every caller that passed <see cref="AuthorizationPolicy"/>.
    /// </summary>
    public Func<HttpContext, bool>? AllowCaller { get; set; }
}
