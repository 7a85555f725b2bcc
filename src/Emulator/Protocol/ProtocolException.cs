namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>
/// A request the emulator refuses the way the service would; turned into an
/// <c>application/problem+json</c> answer by <see cref="ProblemDetailsMiddleware"/>.
/// </summary>
internal sealed class ProtocolException(int status, string type, string title, string? name = null, string? detail = null)
    : Exception(detail ?? title)
{
    /// <summary>The HTTP status code.</summary>
    public int Status { get; } = status;

    /// <summary>The problem's type URI (see <see cref="ProblemTypes"/>).</summary>
    public string Type { get; } = type;

    /// <summary>A short summary.</summary>
    public string Title { get; } = title;

    /// <summary>The name of the argument at fault, if any.</summary>
    public string? Name { get; } = name;

    /// <summary>What exactly is wrong.</summary>
    public string? Detail { get; } = detail;

    /// <summary>A 400 naming the argument at fault.</summary>
    public static ProtocolException InvalidArgument(string name, string detail, string title = "Invalid request parameter") =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.InvalidArgument, title, name, detail);
}
