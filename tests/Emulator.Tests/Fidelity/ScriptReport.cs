using System.Text.Json;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Emulator.Tests.Fidelity;

/// <summary>
/// What a fidelity script printed: one JSON object a line, <c>{"step": name, ...observations}</c>.
/// A step that threw reports <c>{"step", "error"}</c>, which <see cref="Step"/> turns into a failure
/// that names the step and the client's error.
/// </summary>
internal sealed class ScriptReport
{
    private readonly Dictionary<string, JsonElement> _steps = new(StringComparer.Ordinal);
    private readonly ProcessResult _result;

    public ScriptReport(ProcessResult result)
    {
        _result = result;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            var element = JsonDocument.Parse(line).RootElement.Clone();
            if (element.TryGetProperty("step", out var step) && step.GetString() is { } name)
            {
                _steps[name] = element;
            }
        }
    }

    /// <summary>Fails unless the script ran to its end.</summary>
    public void AssertCompleted() =>
        Assert.That(_result.ExitCode == 0 && _steps.ContainsKey("done"), Is.True, $"the script did not finish (exit {_result.ExitCode}).\nstdout:\n{_result.StandardOutput}\nstderr:\n{_result.StandardError}");

    /// <summary>The observations of one step; fails when the step is missing or threw.</summary>
    public JsonElement Step(string name)
    {
        Assert.That(_steps.TryGetValue(name, out var step), Is.True, $"step '{name}' did not report.\nstdout:\n{_result.StandardOutput}\nstderr:\n{_result.StandardError}");
        if (step.TryGetProperty("error", out var error))
        {
            Assert.Fail($"step '{name}' failed in the npm client: {error.GetString()} (status {step.GetProperty("statusCode")})");
        }

        return step;
    }
}

/// <summary>Short reads of a step's observations; a missing observation fails the test and names it.</summary>
internal static class StepObservations
{
    public static int Int(this JsonElement step, string name) => Observation(step, name).GetInt32();

    public static bool Bool(this JsonElement step, string name) => Observation(step, name).GetBoolean();

    public static string? Text(this JsonElement step, string name) => AsText(Observation(step, name));

    public static int[] Ints(this JsonElement step, string name) => [.. Observation(step, name).EnumerateArray().Select(item => item.GetInt32())];

    public static string?[] Texts(this JsonElement step, string name) => [.. Observation(step, name).EnumerateArray().Select(AsText)];

    private static string? AsText(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetString();

    private static JsonElement Observation(JsonElement step, string name)
    {
        if (!step.TryGetProperty(name, out var value))
        {
            Assert.Fail($"step '{step.GetProperty("step").GetString()}' did not report '{name}': {step}");
        }

        return value;
    }
}
