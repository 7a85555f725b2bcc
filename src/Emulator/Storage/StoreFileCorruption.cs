namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>
/// The error for a store file that cannot be read back completely. The emulator refuses to start rather
/// than drop what the file holds; the message names the file, the line and the byte offset.
/// </summary>
internal static class StoreFileCorruption
{
    /// <summary>An <see cref="InvalidDataException"/> naming where the file is broken.</summary>
    public static InvalidDataException At(string path, int line, long byteOffset, string reason) =>
        new($"The emulator's store file '{path}' is corrupt at line {line} (byte offset {byteOffset}): {reason}. " +
            "Nothing was changed; repair the file or move it away to start with an empty store.");
}
