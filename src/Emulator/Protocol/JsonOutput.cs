using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenFeatureAppConfig.Emulator.Protocol;

/// <summary>How the emulator writes JSON: like the service, without escaping characters such as <c>+</c> or non-ASCII letters.</summary>
internal static class JsonOutput
{
    /// <summary>The writer options of every JSON answer.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
