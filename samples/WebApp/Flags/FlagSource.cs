namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>Where this run of the sample reads its flags from, for the pages to show.</summary>
/// <param name="Description">A sentence naming the source.</param>
/// <param name="PortalUrl">The embedded emulator's portal page, when the sample runs on it.</param>
public sealed record FlagSource(string Description, Uri? PortalUrl);
