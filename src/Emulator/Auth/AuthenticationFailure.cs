namespace OpenFeatureAppConfig.Emulator.Auth;

/// <summary>Why a request was not authenticated: becomes a 401 with a <c>WWW-Authenticate</c> challenge.</summary>
internal sealed class AuthenticationFailure(string? scheme, string description) : Exception(description)
{
    /// <summary>The scheme whose check failed (<c>HMAC-SHA256</c> or <c>Bearer</c>), or null when no scheme was used.</summary>
    public string? Scheme { get; } = scheme;

    /// <summary>What was wrong, for <c>error_description</c>.</summary>
    public string Description { get; } = description;
}
