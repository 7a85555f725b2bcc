using System.Runtime.InteropServices;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Emulator.Hosting;

if (args is ["rollout", .. var rolloutArgs])
{
    return await RolloutCommand.RunAsync(rolloutArgs, Console.Out, Console.Error);
}

// The standalone emulator: start, print how to connect, run until Ctrl+C.
AppConfigurationEmulatorOptions? options;
try
{
    options = CommandLine.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

if (options is null)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

AppConfigurationEmulator emulator;
try
{
    emulator = await AppConfigurationEmulator.StartAsync(options, logToConsole: true, CancellationToken.None);
}
catch (Exception exception) when (exception is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("The emulator could not start: " + exception.Message);
    return 1;
}

await using (emulator)
{
    Console.WriteLine($"App Configuration emulator listening on {emulator.Endpoint.GetLeftPart(UriPartial.Authority)}");
    Console.WriteLine($"Endpoint: {emulator.Endpoint.GetLeftPart(UriPartial.Authority)}");
    Console.WriteLine($"Connection string: {emulator.ConnectionString}");
    Console.WriteLine($"Read-only connection string: {emulator.ReadOnlyConnectionString}");
    Console.WriteLine(options.DataPath is null ? "Store: in memory (lost on exit)" : $"Store: {Path.GetFullPath(options.DataPath)}");
    Console.WriteLine($"Portal: {emulator.Endpoint.GetLeftPart(UriPartial.Authority)}/");
    Console.WriteLine("Press Ctrl+C to stop.");

    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.TrySetResult();
    };
    using var termination = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        // Stop cleanly (release the data folder) instead of being torn down mid-request.
        context.Cancel = true;
        stop.TrySetResult();
    });
    await stop.Task;
}

return 0;
