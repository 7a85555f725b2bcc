namespace OpenFeatureAppConfig.Emulator.Diagnostics;

/// <summary>
/// Aborts a connection on purpose. Whoever must note the drop (the request log) registers first: the
/// client sees the reset at once, so the note has to be made before the abort, not after.
/// </summary>
internal static class ConnectionDrop
{
    private static readonly object ItemKey = new();

    /// <summary>Registers what to do just before the request's connection is dropped.</summary>
    public static void BeforeDrop(HttpContext context, Action action) => context.Items[ItemKey] = action;

    /// <summary>Runs the registered action, then aborts the connection without an answer.</summary>
    public static void Drop(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var action) && action is Action beforeDrop)
        {
            beforeDrop();
        }

        context.Abort();
    }
}
