using System.Globalization;
using System.Xml;
using Azure;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Emulator.Hosting;

/// <summary>
/// <c>rollout start|pause|resume|advance|rollback|show &lt;flag&gt;</c>: the rollout controls from a shell, against
/// any store (this emulator or Azure). Each command is one <see cref="RolloutClient"/> call.
/// </summary>
internal static class RolloutCommand
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Rollout controls (docs/rollouts.md)

        Usage: dotnet run --project src/Emulator -- rollout <command> <flag> [options]

          start <flag> --stages 1:PT1H,5:PT1H,25:PT1H,100:PT0S   start a rollout: percentage:hold (ISO 8601 duration) per stage
                 [--variant <name>] [--at <ISO 8601 time>]          a variant flag's variant; the first stage's time (default now)
          pause <flag> --reason <text>                            stop the schedule; the flag keeps its percentage
          resume <flag>                                           go on, adopting the flag as it is now
          advance <flag>                                          write the next stage now
          rollback <flag> [--reason <text>]                       write 0 % now and stop the rollout
          show <flag>                                             print the plan (JSON)

        Options:
          --connection-string <cs>   the store (read-write key); default: $APPCONFIG_CONNECTION_STRING
          --label <label>            the flag's label (default: no label)
          --actor <name>             who, for the history (default: cli:<user name>)
        """;

    /// <summary>Runs the command in <paramref name="args"/> (after <c>rollout</c>); answers the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        Arguments parsed;
        try
        {
            parsed = Arguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        if (parsed.Command == "help")
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        try
        {
            var client = new RolloutClient(new AppConfigurationClient(parsed.ConnectionString), time);
            var plan = parsed.Command switch
            {
                "start" => (await client.StartAsync(parsed.NewPlan(time?.GetUtcNow() ?? DateTimeOffset.UtcNow), parsed.Actor, cancellationToken).ConfigureAwait(false)).Value,
                "pause" => (await client.PauseAsync(parsed.Flag, parsed.Label, parsed.Require("--reason", parsed.Reason), parsed.Actor, cancellationToken).ConfigureAwait(false)).Value,
                "resume" => (await client.ResumeAsync(parsed.Flag, parsed.Label, parsed.Actor, parsed.Reason ?? "resumed", cancellationToken).ConfigureAwait(false)).Value,
                "advance" => (await client.AdvanceAsync(parsed.Flag, parsed.Label, parsed.Actor, cancellationToken).ConfigureAwait(false)).Value,
                "rollback" => (await client.RollBackAsync(parsed.Flag, parsed.Label, parsed.Reason ?? "rolled back from the command line", parsed.Actor, cancellationToken).ConfigureAwait(false)).Value,
                _ => (await client.GetRolloutAsync(parsed.Flag, parsed.Label, cancellationToken).ConfigureAwait(false)).Value,
            };
            await output.WriteLineAsync(parsed.Command == "show" ? plan.ToJson() : Describe(plan)).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is RequestFailedException or InvalidOperationException or RolloutPlanFormatException or ArgumentException or FormatException)
        {
            await error.WriteLineAsync(e is RequestFailedException { Status: 404 } ? $"No rollout plan for '{parsed.Flag}' (404)." : e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private static string Describe(RolloutPlan plan) => string.Create(
        CultureInfo.InvariantCulture,
        $"{plan.FlagName}: {plan.Status.State}, {plan.CurrentPercentage} %{(plan.Status.Stage is { } stage ? $" (stage {stage + 1} of {plan.Stages.Count})" : string.Empty)}: {plan.History[^1].Reason}");

    private sealed record Arguments(string Command, string Flag, string ConnectionString, string? Label, string Actor, string? Reason, string? Stages, string? Variant, DateTimeOffset? At)
    {
        private static readonly string[] Commands = ["start", "pause", "resume", "advance", "rollback", "show"];

        public static Arguments Parse(IReadOnlyList<string> args)
        {
            if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
            {
                return new Arguments("help", string.Empty, string.Empty, null, string.Empty, null, null, null, null);
            }

            var command = args[0];
            if (!Commands.Contains(command))
            {
                throw new ArgumentException($"Unknown rollout command '{command}'; one of: {string.Join(", ", Commands)}.");
            }

            if (args.Count < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'rollout {command}' needs the flag's name.");
            }

            string? connectionString = Environment.GetEnvironmentVariable("APPCONFIG_CONNECTION_STRING"), label = null, actor = null, reason = null, stages = null, variant = null;
            DateTimeOffset? at = null;
            for (var i = 2; i < args.Count; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"The option '{arg}' needs a value.");
                switch (arg)
                {
                    case "--connection-string": connectionString = Value(); break;
                    case "--label": label = Value(); break;
                    case "--actor": actor = Value(); break;
                    case "--reason": reason = Value(); break;
                    case "--stages": stages = Value(); break;
                    case "--variant": variant = Value(); break;
                    case "--at":
                        var text = Value();
                        at = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                            ? time
                            : throw new ArgumentException($"--at must be an ISO 8601 time, not '{text}'.");
                        break;
                    default: throw new ArgumentException($"Unknown option '{arg}'.");
                }
            }

            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new ArgumentException("Give the store: --connection-string <cs> or APPCONFIG_CONNECTION_STRING.");
            }

            if (command == "start" && stages is null)
            {
                throw new ArgumentException("'rollout start' needs --stages, e.g. 1:PT1H,5:PT1H,25:PT1H,100:PT0S.");
            }

            return new Arguments(command, args[1], connectionString, label, actor ?? "cli:" + Environment.UserName, reason, stages, variant, at);
        }

        public string Require(string option, string? value) =>
            string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"'rollout {Command}' needs {option}.") : value;

        public RolloutPlan NewPlan(DateTimeOffset now) => new(
            Flag,
            Label,
            Variant is null ? RolloutTarget.Enabled : RolloutTarget.ForVariant(Variant),
            At ?? now,
            Stages!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ParseStage));

        private static RolloutStage ParseStage(string text)
        {
            var parts = text.Split(':', 2);
            if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var percentage))
            {
                throw new ArgumentException($"A stage is percentage:hold (e.g. 5:PT1H), not '{text}'.");
            }

            try
            {
                return new RolloutStage(percentage, XmlConvert.ToTimeSpan(parts[1]));
            }
            catch (FormatException)
            {
                throw new ArgumentException($"A stage's hold is an ISO 8601 duration (PT30S, PT4H, P1D), not '{parts[1]}'.");
            }
        }
    }
}
