namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary><c>PUT</c>/<c>DELETE /locks/{key}?label=</c>: make a key-value read-only, or writable again.</summary>
internal static class LockEndpoint
{
    /// <summary>The path prefix of locks.</summary>
    public const string PathPrefix = "/locks/";

    /// <summary>Locks a key-value (404 when absent).</summary>
    public static Task LockAsync(HttpContext context) => SetLockedAsync(context, locked: true);

    /// <summary>Unlocks a key-value (404 when absent).</summary>
    public static Task UnlockAsync(HttpContext context) => SetLockedAsync(context, locked: false);

    private static Task SetLockedAsync(HttpContext context, bool locked)
    {
        WriteAccess.Require(context);
        var (store, key, label, _) = KeyValueEndpoint.Parse(context, PathPrefix);
        var result = store.SetLocked(key, label, locked, Protocol.EntityTags.ConditionOf(context.Request));
        return KeyValueEndpoint.AnswerWriteAsync(context, result, StatusCodes.Status404NotFound);
    }
}
