using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The rollout executor by configuration alone: <c>FeatureFlags:Rollouts:Enabled=true</c> runs it in the app on
/// the flags' own store (docs/rollouts.md); the rest of the section binds onto <see cref="ProgressiveRolloutOptions"/>
/// (<c>PollInterval</c>, <c>LeaseDuration</c>, <c>InstanceId</c>, or a <c>ConnectionString</c> of its own).
/// </summary>
/// <remarks>
/// An app without rollouts registers no hosted service and never loads the Rollouts assembly: only <see cref="Add"/>,
/// which is not inlined, touches its types.
/// </remarks>
internal static class RolloutsConnector
{
    public const string SectionName = "Rollouts";

    public static void AddIfEnabled(IHostApplicationBuilder builder, string sectionName, StoreConnection? store)
    {
        var section = builder.Configuration.GetSection($"{sectionName}:{SectionName}");
        if (!section.GetValue<bool>("Enabled"))
        {
            return;
        }

        if (store is null && string.IsNullOrWhiteSpace(section["ConnectionString"]))
        {
            throw new InvalidOperationException(
                $"{sectionName}:{SectionName}:Enabled is true, but the flags do not come from an App Configuration store: " +
                $"rollouts are stored there. Set ConnectionStrings:AppConfig (or {sectionName}:{SectionName}:ConnectionString).");
        }

        Add(builder.Services, section);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Add(IServiceCollection services, IConfigurationSection section) =>
        services.AddProgressiveRollouts(options => section.Bind(options));
}
