// The sample web app: `dotnet run --project samples/WebApp` runs it on an embedded App Configuration emulator.
using OpenFeatureAppConfig.Samples.WebApp;

var app = await SampleApp.BuildAsync(args);
await app.RunAsync();
