using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>The health-check guard over the app's real health check service.</summary>
[TestFixture]
public sealed class HealthCheckRolloutGuardTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private HealthStatus _checkout;
    private HealthStatus _cache;

    [SetUp]
    public void AllHealthy() => _checkout = _cache = HealthStatus.Healthy; // one fixture instance serves every test

    [Test]
    public async Task Unhealthy_trips_with_the_failing_check_named()
    {
        using var services = Services(tripOnDegraded: false);
        var guard = services.GetServices<IRolloutGuard>().Single();
        var healthy = await guard.CheckAsync(Context(), CancellationToken.None);
        Assert.That(healthy.Tripped, Is.False, healthy.Reason);

        _cache = HealthStatus.Degraded;
        Assert.That((await guard.CheckAsync(Context(), CancellationToken.None)).Tripped, Is.False, "degraded is not unhealthy by default");

        _checkout = HealthStatus.Unhealthy;
        var result = await guard.CheckAsync(Context(), CancellationToken.None);
        Assert.That(result.Tripped, Is.True);
        Assert.That(result.Reason, Is.EqualTo("health checks failing: checkout is Unhealthy (payments down)"));
    }

    [Test]
    public async Task Degraded_trips_when_asked_and_the_predicate_selects_the_checks()
    {
        using var services = Services(tripOnDegraded: true, predicate: registration => registration.Tags.Contains("release"));
        var guard = services.GetServices<IRolloutGuard>().Single();

        _cache = HealthStatus.Unhealthy; // not a release check
        Assert.That((await guard.CheckAsync(Context(), CancellationToken.None)).Tripped, Is.False);

        _checkout = HealthStatus.Degraded;
        Assert.That((await guard.CheckAsync(Context(), CancellationToken.None)).Reason, Is.EqualTo("health checks failing: checkout is Degraded (payments down)"));
    }

    private ServiceProvider Services(bool tripOnDegraded, Func<HealthCheckRegistration, bool>? predicate = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks()
            .AddCheck("checkout", () => new HealthCheckResult(_checkout, _checkout == HealthStatus.Healthy ? null : "payments down"), tags: ["release"])
            .AddCheck("cache", () => new HealthCheckResult(_cache));
        services.AddHealthCheckRolloutGuard(predicate, tripOnDegraded);
        return services.BuildServiceProvider();
    }

    private static RolloutGuardContext Context() => GuardContexts.FirstStage(Start, Start.AddMinutes(1));
}
