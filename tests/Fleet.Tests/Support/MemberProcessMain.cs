namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>
/// The entry point of this test assembly when run as a process (<c>dotnet OpenFeatureAppConfig.Fleet.Tests.dll member</c>):
/// joins the fleet named in the environment and prints its role whenever it changes, until killed or its input closes.
/// The test runner does not use it.
/// </summary>
public static class MemberProcessMain
{
    public const string ConnectionVariable = "FLEET_TEST_REDIS";
    public const string FleetVariable = "FLEET_TEST_NAME";

    public static Task<int> Main(string[] args) => args switch
    {
        ["member", var instance] => RunMemberAsync(instance),
        // Dispatched before any fleet type is touched: this mode checks which assemblies a host loads.
        ["host"] => Integration.HostProcessMain.RunAsync(),
        _ => Task.FromResult(2),
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<int> RunMemberAsync(string instance)
    {
        await using var member = await FleetMember.JoinAsync(new FleetOptions
        {
            ConnectionString = Environment.GetEnvironmentVariable(ConnectionVariable)!,
            FleetName = Environment.GetEnvironmentVariable(FleetVariable)!,
            InstanceId = instance,
            LeaseTime = TimeSpan.FromSeconds(1),
            RenewInterval = TimeSpan.FromMilliseconds(200),
        });
        var input = Task.Run(() => Console.In.ReadToEnd());
        FleetStatus? reported = null;
        while (!input.IsCompleted)
        {
            var status = member.Status;
            if (status.Role != reported?.Role)
            {
                Console.Out.WriteLine($"role={status.Role} token={status.LeaseToken}");
                Console.Out.Flush();
                reported = status;
            }

            await Task.Delay(25);
        }

        return 0;
    }
}
