namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>One key-value to load into an empty store.</summary>
internal sealed record SeedItem(string Key, string? Label, string? Value, string? ContentType, IReadOnlyDictionary<string, string?> Tags);
