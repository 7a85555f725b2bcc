using System.Globalization;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>One fleet size: how many app instances and how many flags in the store.</summary>
internal sealed record FleetSize(int Instances, int Flags)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Instances:N0} instances × {Flags:N0} flags");

    public static FleetSize Parse(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var instances)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var flags)
            || instances < 2 || flags < 1)
        {
            throw new ArgumentException($"'{text}' is not a size: expected <instances>x<flags>, e.g. 1000x100 (at least 2 instances, 1 flag).");
        }

        return new FleetSize(instances, flags);
    }
}

/// <summary>The command line: sizes, measurement window, toggles, pollers; defaults give the documented run.</summary>
internal sealed record BenchSettings
{
    public IReadOnlyList<FleetSize> Sizes { get; init; } = [new(1000, 100), new(100, 10_000)];

    /// <summary>The window over which store requests and Redis operations are counted, then extrapolated to an hour.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The window at the 5 s interval (fewer polls in a window, so a longer one).</summary>
    public TimeSpan SlowWindow { get; init; } = TimeSpan.FromSeconds(60);

    public int Toggles { get; init; } = 20;

    /// <summary>Per-instance pollers (no fleet) measured per size; null: 5,000 / flags, at least 3 (50 at 100 flags).</summary>
    public int? PollerCount { get; init; }

    /// <summary>Whether to run the first size a second time at a 5 s interval (store spend against the quota).</summary>
    public bool SlowInterval { get; init; } = true;

    /// <summary>Whether to measure per-instance pollers and one instance alone (the store-request comparison).</summary>
    public bool Pollers { get; init; } = true;

    /// <summary>Whether to measure toggles with a push.</summary>
    public bool PushToggles { get; init; } = true;

    /// <summary>Whether to kill the leader and then redis-server (failover and fallback).</summary>
    public bool Faults { get; init; } = true;

    public int PollersFor(FleetSize size) => Math.Min(size.Instances, PollerCount ?? Math.Max(3, 5000 / size.Flags));

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/FleetBench -- [options]
          --sizes 1000x100,100x10000   fleet sizes, <instances>x<flags> (default: both)
          --window 30                  seconds counted at the 1 s interval (default 30)
          --slow-window 60             seconds counted at the 5 s interval (default 60)
          --toggles 20                 toggles per latency measurement (default 20)
          --pollers N                  per-instance pollers measured without fleet mode (default 5000/flags, at least 3)
          --no-slow                    skip the 5 s interval run
          --no-pollers                 skip per-instance polling and one instance alone (the store-request comparison)
          --no-push                    skip the toggles with a push
          --no-faults                  skip killing the leader and redis-server
          --quick                      a short run: --sizes 200x100,20x10000 --window 10 --slow-window 20 --toggles 5
        """;

    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt()
            {
                var name = args[i];
                return int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                    ? value
                    : throw new ArgumentException($"{name} needs a positive whole number.");
            }

            settings = args[i] switch
            {
                "--sizes" => settings with { Sizes = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(FleetSize.Parse)] },
                "--window" => settings with { Window = TimeSpan.FromSeconds(NextInt()) },
                "--slow-window" => settings with { SlowWindow = TimeSpan.FromSeconds(NextInt()) },
                "--toggles" => settings with { Toggles = NextInt() },
                "--pollers" => settings with { PollerCount = NextInt() },
                "--no-pollers" => settings with { Pollers = false },
                "--no-push" => settings with { PushToggles = false },
                "--no-faults" => settings with { Faults = false },
                "--no-slow" => settings with { SlowInterval = false },
                "--quick" => settings with
                {
                    Sizes = [new(200, 100), new(20, 10_000)],
                    Window = TimeSpan.FromSeconds(10),
                    SlowWindow = TimeSpan.FromSeconds(20),
                    Toggles = 5,
                },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }

        return settings;
    }
}
