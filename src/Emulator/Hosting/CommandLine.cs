using System.Globalization;

namespace OpenFeatureAppConfig.Emulator.Hosting;

/// <summary>The standalone emulator's command line.</summary>
internal static class CommandLine
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Azure App Configuration emulator

        Usage: appconfig-emulator [options]   (from a clone: dotnet run --project src/Emulator -- [options])

          --port <n>              port to listen on (default 8483; 0 = a free port)
          --host <address>        address to listen on (default 127.0.0.1)
          --data <folder>         keep the store (and the access keys) in this folder; default: in memory
          --seed <file>           load key-values and flags from this JSON file when the store is empty
          --anonymous             accept requests without credentials (read-write)
          --accept-test-tokens    accept bearer tokens from the emulator's test issuer
          --help                  show this text

        Usage: dotnet run --project src/Emulator -- rollout <start|pause|resume|advance|rollback|show> <flag> ...
          the rollout controls against any store (rollout --help for details)
        """;

    /// <summary>The default port of the standalone emulator.</summary>
    public const int DefaultPort = 8483;

    /// <summary>Parses <paramref name="args"/>; null when help was asked for. Throws <see cref="ArgumentException"/> on bad input.</summary>
    public static AppConfigurationEmulatorOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new AppConfigurationEmulatorOptions { Port = DefaultPort };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"The option '{arg}' needs a value.");
            switch (arg)
            {
                case "--help" or "-h" or "-?":
                    return null;
                case "--port":
                    var text = Value();
                    options.Port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                        ? port
                        : throw new ArgumentException($"--port must be a number from 0 to 65535, not '{text}'.");
                    break;
                case "--host":
                    options.Host = Value();
                    break;
                case "--data":
                    options.DataPath = Value();
                    break;
                case "--seed":
                    options.SeedFile = Value();
                    break;
                case "--anonymous":
                    options.AllowAnonymous = true;
                    break;
                case "--accept-test-tokens":
                    options.AcceptTestTokens = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{arg}'.");
            }
        }

        return options;
    }
}
