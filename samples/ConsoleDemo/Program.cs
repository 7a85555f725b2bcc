// A short tour of the OpenFeature SDK: an in-memory provider, a boolean and a string flag evaluated against a
// context, a hook that reports each evaluation, and an event handler that sees the provider become ready and
// its flags change.
using OpenFeature;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;

var api = Api.Instance;
var provider = new InMemoryProvider(new Dictionary<string, Flag>
{
    // On for premium customers, off for everyone else.
    ["new-checkout"] = new Flag<bool>(
        new Dictionary<string, bool> { ["on"] = true, ["off"] = false },
        defaultVariant: "off",
        contextEvaluator: context => context.TryGetValue("plan", out var plan) && plan?.AsString == "premium" ? "on" : "off"),
    ["greeting"] = new Flag<string>(
        new Dictionary<string, string> { ["formal"] = "Good day", ["casual"] = "Hi" },
        defaultVariant: "casual"),
});
await api.SetProviderAsync(provider);

// The provider is READY already, so the READY handler runs at once.
api.AddHandler(ProviderEventTypes.ProviderReady, e => Console.WriteLine($"event: {e?.ProviderName} is ready"));
api.AddHandler(ProviderEventTypes.ProviderConfigurationChanged,
    e => Console.WriteLine($"event: flags changed: {string.Join(", ", e?.FlagsChanged ?? [])}"));

var client = api.GetClient("console-demo");
client.AddHooks(new ReportingHook());

var premium = EvaluationContext.Builder().SetTargetingKey("user-42").Set("plan", "premium").Build();
var basic = EvaluationContext.Builder().SetTargetingKey("user-7").Set("plan", "basic").Build();

Console.WriteLine($"new-checkout for user-42 (premium): {await client.GetBooleanValueAsync("new-checkout", false, premium)}");
Console.WriteLine($"new-checkout for user-7 (basic):    {await client.GetBooleanValueAsync("new-checkout", false, basic)}");

var greeting = await client.GetStringDetailsAsync("greeting", "Hello", premium);
Console.WriteLine($"greeting: {greeting.Value} (variant {greeting.Variant}, reason {greeting.Reason})");

var missing = await client.GetStringDetailsAsync("no-such-flag", "fallback");
Console.WriteLine($"no-such-flag: {missing.Value} ({missing.ErrorType}: {missing.ErrorMessage})");

await provider.UpdateFlagsAsync(new Dictionary<string, Flag>
{
    ["greeting"] = new Flag<string>(new Dictionary<string, string> { ["formal"] = "Good day" }, "formal"),
});
await Task.Delay(100); // Handlers run off the caller's thread; give the change event a moment to print.
Console.WriteLine($"greeting after the update: {await client.GetStringValueAsync("greeting", "Hello")}");

await api.ShutdownAsync();

/// <summary>Prints each evaluation's outcome.</summary>
internal sealed class ReportingHook : Hook
{
    public override ValueTask AfterAsync<T>(HookContext<T> context, FlagEvaluationDetails<T> details,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        Console.WriteLine($"  hook: {context.FlagKey} -> {details.Value} ({details.Reason})");
        return default;
    }

    public override ValueTask ErrorAsync<T>(HookContext<T> context, Exception error,
        IReadOnlyDictionary<string, object>? hints = null, CancellationToken cancellationToken = default)
    {
        Console.WriteLine($"  hook: {context.FlagKey} failed: {error.Message}");
        return default;
    }
}
