using OpenFeatureAppConfig.Emulator.Auth;
using OpenFeatureAppConfig.Emulator.Protocol;

namespace OpenFeatureAppConfig.Emulator.Endpoints;

/// <summary>The check every write endpoint makes first: a read-only caller gets 403.</summary>
internal static class WriteAccess
{
    /// <summary>Throws a 403 unless the caller may write.</summary>
    public static void Require(HttpContext context)
    {
        if (context.GetCallerAccess() != CallerAccess.ReadWrite)
        {
            throw new ProtocolException(
                StatusCodes.Status403Forbidden,
                ProblemTypes.Forbidden,
                "Access to the requested resource is forbidden",
                detail: "The access key is read-only; writes need a read-write key.");
        }
    }
}
