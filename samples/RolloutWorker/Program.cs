using Microsoft.Extensions.Hosting;
using OpenFeatureAppConfig.Samples.RolloutWorker;

// dotnet run --project samples/RolloutWorker -- --ConnectionStrings:AppConfig=https://<store>.azconfig.io
await RolloutWorker.CreateBuilder(args).Build().RunAsync();
