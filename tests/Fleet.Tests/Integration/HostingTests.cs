using System.Diagnostics;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>Fleet mode by configuration alone, through the hosting layer's <c>AddFeatureFlags()</c>, each host in a process of its own.</summary>
public class HostingTests : StoreFleetTest
{
    [Test]
    public async Task A_host_without_FlagFleet_never_loads_StackExchange_Redis()
    {
        var output = await RunHostAsync(fleet: false);

        Assert.That(output, Does.Contain("redis-loaded=False fleet-role=none flags=1"));
    }

    [Test]
    public async Task ConnectionStrings_FlagFleet_alone_puts_the_host_in_fleet_mode()
    {
        var output = await RunHostAsync(fleet: true);

        Assert.That(output, Does.Contain("redis-loaded=True").And.Contain("flags=1").And.Not.Contain("fleet-role=none"));
    }

    private async Task<string> RunHostAsync(bool fleet)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(HostingTests).Assembly.Location);
        start.ArgumentList.Add("host");
        start.Environment["ConnectionStrings__AppConfig"] = Store.ConnectionString;
        if (fleet)
        {
            start.Environment["ConnectionStrings__FlagFleet"] = Redis.ConnectionString;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            TestContext.Out.WriteLine(await output);
            TestContext.Out.WriteLine(await error);
            return await output;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
