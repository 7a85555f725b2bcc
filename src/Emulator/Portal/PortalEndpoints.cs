namespace OpenFeatureAppConfig.Emulator.Portal;

/// <summary>Maps the portal page (the emulator's stand-in for the Azure portal's Feature Manager).</summary>
internal static class PortalEndpoints
{
    /// <summary>Adds the portal page's routes to the emulator's app.</summary>
    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints) => endpoints;
}
