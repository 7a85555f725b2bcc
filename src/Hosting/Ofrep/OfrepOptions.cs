using Microsoft.AspNetCore.Http;
using OpenFeature.Model;

namespace OpenFeatureAppConfig.Hosting;

/// <summary>
/// Options of the OpenFeature Remote Evaluation Protocol endpoints mapped by
/// <see cref="OfrepEndpointRouteBuilderExtensions.MapOfrep"/>: which flags they expose and who may call them.
/// </summary>
/// <remarks>
/// Nothing is exposed until the app opts in: with no <see cref="Flags"/> and no <see cref="FlagFilter"/>, every
/// single evaluation answers 404 and bulk evaluation answers an empty list. A flag that is not exposed is
/// answered exactly like a flag that does not exist, so callers cannot probe for the names of hidden flags.
/// </remarks>
public sealed class OfrepOptions
{
    /// <summary>The keys of the flags exposed to remote callers (exact, case-sensitive).</summary>
    public ISet<string> Flags { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Exposes every flag whose key it accepts, in addition to <see cref="Flags"/>; e.g.
    /// <c>key =&gt; key.StartsWith("web.")</c>. Default <see langword="null"/>: only <see cref="Flags"/>.
    /// </summary>
    public Func<string, bool>? FlagFilter { get; set; }

    /// <summary>
    /// The name of the authorization policy a caller must satisfy (401/403 otherwise, from the app's
    /// authentication and authorization middleware). Default <see langword="null"/>: no policy.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Decides per request whether the caller may evaluate flags at all; a caller it refuses gets 403 with no
    /// body. Default <see langword="null"/>: every caller that passed <see cref="AuthorizationPolicy"/>.
    /// </summary>
    public Func<HttpContext, bool>? AllowCaller { get; set; }

    /// <summary>
    /// Adjusts the evaluation context after the request's <c>context</c> has been copied into it, e.g. to pin
    /// the targeting key to the signed-in user instead of trusting the one a browser sends. Default
    /// <see langword="null"/>: the request's context as sent (merged over the transaction context as usual).
    /// </summary>
    public Action<HttpContext, EvaluationContextBuilder>? ConfigureContext { get; set; }

    /// <summary>Whether the flag <paramref name="key"/> may be evaluated remotely.</summary>
    /// <param name="key">A flag key.</param>
    /// <returns><see langword="true"/> when the key is in <see cref="Flags"/> or accepted by <see cref="FlagFilter"/>.</returns>
    public bool IsExposed(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Flags.Contains(key) || (FlagFilter?.Invoke(key) ?? false);
    }
}
