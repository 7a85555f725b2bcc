using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace OpenFeatureAppConfig.Guardrails.Internal;

/// <summary>
/// Answers the readout requests. Callers may be anyone: a bad request gets a 400 problem naming the parameter, an
/// unknown experiment a 404 naming the flag; answers carry only counts and the statistics computed from them.
/// </summary>
internal sealed class ExperimentReadoutHandler(ExperimentRecorder recorder, ExperimentReadoutEndpointOptions options)
{
    private const string AlphaParameter = "alpha";
    private const string ControlParameter = "control";
    private const double DefaultAlpha = 0.05;

    /// <summary>Long enough for any real flag key, short enough that an error message does not echo a huge URL.</summary>
    private const int MaxEchoedLength = 200;

    public async Task ListAsync(HttpContext http)
    {
        if (!Allowed(http) || await RefuseUnknownParametersAsync(http, []))
        {
            return;
        }

        await ExperimentReadoutJson.WriteListAsync(http.Response, recorder.Ledgers.Select(l => l.Snapshot()), http.RequestAborted);
    }

    public async Task ReadAsync(HttpContext http, string flag)
    {
        if (!Allowed(http) || await RefuseUnknownParametersAsync(http, [AlphaParameter, ControlParameter]))
        {
            return;
        }

        if (recorder.Find(flag) is not { } ledger)
        {
            await ProblemAsync(http, StatusCodes.Status404NotFound, $"No experiment for flag '{Echo(flag)}'.", "flag", flag);
            return;
        }

        var query = http.Request.Query;
        var alpha = DefaultAlpha;
        if (query.TryGetValue(AlphaParameter, out var alphaText)
            && !(alphaText.Count == 1 && double.TryParse(alphaText[0], NumberStyles.Float, CultureInfo.InvariantCulture, out alpha) && alpha is > 0 and < 1))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Query parameter 'alpha' must be one number between 0 and 1 (exclusive), e.g. 0.05.", "parameter", AlphaParameter);
            return;
        }

        var snapshot = ledger.Snapshot();
        var control = snapshot.Definition.ControlVariant;
        if (query.TryGetValue(ControlParameter, out var controlText))
        {
            if (controlText.Count != 1 || !snapshot.Variants.Any(v => v.Variant == controlText[0]))
            {
                await ProblemAsync(http, StatusCodes.Status400BadRequest,
                    $"Query parameter 'control' must name one variant of experiment '{Echo(flag)}' ({string.Join(", ", snapshot.Variants.Select(v => v.Variant))}).", "parameter", ControlParameter);
                return;
            }

            control = controlText[0]!;
        }

        // The control first, then the others by name: the same order for every reader, whatever came first.
        var ordered = snapshot.Variants.OrderBy(v => v.Variant != control).ThenBy(v => v.Variant, StringComparer.Ordinal);
        var readout = ExperimentReadout.Compute(ordered, control, alpha);
        await ExperimentReadoutJson.WriteReadoutAsync(http.Response, snapshot, control, alpha, readout, http.RequestAborted);
    }

    private bool Allowed(HttpContext http)
    {
        if (options.AllowCaller is { } allow && !allow(http))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }

        return true;
    }

    private static async Task<bool> RefuseUnknownParametersAsync(HttpContext http, string[] known)
    {
        var unknown = http.Request.Query.Keys.FirstOrDefault(key => !known.Contains(key, StringComparer.Ordinal));
        if (unknown is null)
        {
            return false;
        }

        var expected = known.Length == 0 ? "none" : string.Join(", ", known);
        await ProblemAsync(http, StatusCodes.Status400BadRequest, $"Unknown query parameter '{Echo(unknown)}' (expected: {expected}).", "parameter", unknown);
        return true;
    }

    private static Task ProblemAsync(HttpContext http, int status, string detail, string field, string value) =>
        ExperimentReadoutJson.WriteProblemAsync(http.Response, status, detail, field, Echo(value), http.RequestAborted);

    private static string Echo(string text) => text.Length <= MaxEchoedLength ? text : text[..MaxEchoedLength] + "…";
}
