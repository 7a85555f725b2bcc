namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>What an authenticated caller may do.</summary>
internal enum CallerAccess
{
    /// <summary>Read only: writes are answered 403.</summary>
    ReadOnly,

    /// <summary>Read and write.</summary>
    ReadWrite,
}

/// <summary>Keeps the caller's access on the request.</summary>
internal static class CallerAccessExtensions
{
    private static readonly object ItemKey = new();

    /// <summary>Records the caller's access for the endpoints.</summary>
    public static void SetCallerAccess(this HttpContext context, CallerAccess access) => context.Items[ItemKey] = access;

    /// <summary>The caller's access (read-only when nobody recorded one).</summary>
    public static CallerAccess GetCallerAccess(this HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var access) && access is CallerAccess value ? value : CallerAccess.ReadOnly;
}
