using Microsoft.Extensions.Configuration;

namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>
/// The fleet's settings in configuration (<c>FeatureFlags:Fleet</c>), each optional: what is not set keeps the
/// fleet's default. A type of the hosting layer, not <c>FleetOptions</c>, so that reading them never loads the
/// Fleet assembly, and so that the Redis connection string stays in <c>ConnectionStrings:FlagFleet</c> only.
/// </summary>
internal sealed class FleetSettings
{
    public const string SectionName = "Fleet";

    private static readonly string[] Names = [nameof(FleetName), nameof(InstanceId), nameof(LeaseTime), nameof(RenewInterval), nameof(MaxAnnouncedDeltaBytes)];

    /// <summary>Instances with the same name share a lease and a snapshot; derived from the store and selection when unset.</summary>
    public string? FleetName { get; set; }

    /// <summary>This instance's id in the lease (diagnostics only).</summary>
    public string? InstanceId { get; set; }

    /// <summary>How long the leader's lease lasts without renewal.</summary>
    public TimeSpan? LeaseTime { get; set; }

    /// <summary>How often the lease is renewed or tried.</summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>The largest delta sent inside an announcement, in bytes.</summary>
    public int? MaxAnnouncedDeltaBytes { get; set; }

    /// <summary>Reads the settings under <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">A value does not convert, or a key is not a fleet setting (a misspelling would otherwise go unnoticed).</exception>
    public static FleetSettings Read(IConfiguration configuration, string path)
    {
        var section = configuration.GetSection(path);
        foreach (var child in section.GetChildren())
        {
            if (!Names.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{child.Path} is not a fleet setting; the settings are {string.Join(", ", Names)}.");
            }
        }

        var settings = new FleetSettings();
        // The binder's error names the setting and the type it expected.
        section.Bind(settings);
        return settings;
    }
}
