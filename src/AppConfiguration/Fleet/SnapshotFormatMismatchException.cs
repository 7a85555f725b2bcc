namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Fleet data written in another snapshot format than this version reads: not damaged, but from an instance of
/// another version (a rolling upgrade across a format change). Its hashes mean something else, so it must not be
/// applied; the reader polls the store itself until the fleet writes its format again.
/// </summary>
internal sealed class SnapshotFormatMismatchException(int? found)
    : FormatException($"Not the snapshot format {SnapshotJson.Format} ('f' is {(found is { } f ? f.ToString(System.Globalization.CultureInfo.InvariantCulture) : "missing: format 1")}).")
{
    /// <summary>The format found; null when the data has none (format 1).</summary>
    public int? Found { get; } = found;
}
