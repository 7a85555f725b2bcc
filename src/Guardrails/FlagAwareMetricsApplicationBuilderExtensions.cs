using Microsoft.AspNetCore.Builder;
using OpenFeatureAppConfig.Guardrails.Internal;

namespace OpenFeatureAppConfig.Guardrails;

/// <summary>Adds the flag-aware request metrics to the request pipeline.</summary>
public static class FlagAwareMetricsApplicationBuilderExtensions
{
    /// <summary>
    /// Records each request that evaluated a guarded flag: count by flag, variant and outcome, and duration. Put it
    /// before anything that turns exceptions into responses, so it sees the final status.
    /// </summary>
    public static IApplicationBuilder UseFlagAwareMetrics(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<FlagAwareMetricsMiddleware>();
    }
}
