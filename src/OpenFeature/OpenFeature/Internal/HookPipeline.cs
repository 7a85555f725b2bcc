using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OpenFeature.Constant;
using OpenFeature.Model;

namespace OpenFeature.Internal;

/// <summary>
/// An evaluation with hooks (specification 4.3, 4.4): before hooks in order API, client, invocation, provider, each
/// seeing the context the previous ones produced; then the provider; then after hooks (on success) or error hooks
/// (on any failure) in reverse order; finally hooks in reverse order always. Each hook has its own
/// <see cref="HookData"/>. Nothing is thrown to the caller.
/// </summary>
internal static class HookPipeline
{
    private static readonly IReadOnlyDictionary<string, object> NoHints = ImmutableDictionary<string, object>.Empty;

    public static Hook[] Collect(ImmutableArray<Hook> api, ImmutableArray<Hook> client, IImmutableList<Hook>? invocation,
        IImmutableList<Hook> provider)
    {
        var invocationCount = invocation?.Count ?? 0;
        var hooks = new Hook[api.Length + client.Length + invocationCount + provider.Count];
        var next = 0;
        api.CopyTo(hooks, next);
        next += api.Length;
        client.CopyTo(hooks, next);
        next += client.Length;
        for (var i = 0; i < invocationCount; i++)
        {
            hooks[next++] = invocation![i];
        }

        for (var i = 0; i < provider.Count; i++)
        {
            hooks[next++] = provider[i];
        }

        return hooks;
    }

    public static async ValueTask<FlagEvaluationDetails<T>> EvaluateAsync<T>(
        Hook[] hooks, ProviderRuntime runtime, Resolver<T> resolver, FlagValueType valueType, string flagKey,
        T defaultValue, EvaluationContext context, ClientMetadata clientMetadata,
        IReadOnlyDictionary<string, object>? hints, ILogger logger, CancellationToken cancellationToken)
    {
        hints ??= NoHints;
        var providerMetadata = SafeMetadata(runtime);
        var contexts = new HookContext<T>[hooks.Length];
        for (var i = 0; i < hooks.Length; i++)
        {
            contexts[i] = new HookContext<T>(flagKey, defaultValue, valueType, clientMetadata, providerMetadata, context, new HookData());
        }

        FlagEvaluationDetails<T> details;
        Exception? error = null;
        try
        {
            // A provider that cannot evaluate short-circuits: no before hooks, no resolution (1.7.7, 1.7.8).
            var statusError = EvaluationResults.StatusError(runtime.Status);
            if (statusError is not null)
            {
                throw statusError;
            }

            for (var i = 0; i < hooks.Length; i++)
            {
                contexts[i].EvaluationContext = context;
                var added = await hooks[i].BeforeAsync(contexts[i], hints, cancellationToken).ConfigureAwait(false);
                context = ContextMerger.Merge(context, added);
            }

            foreach (var hookContext in contexts)
            {
                hookContext.EvaluationContext = context;
            }

            var resolution = await resolver(runtime.Provider, flagKey, defaultValue, context, cancellationToken).ConfigureAwait(false);
            details = EvaluationResults.FromResolution(flagKey, defaultValue, resolution);
            if (details.ErrorType != ErrorType.None)
            {
                error = EvaluationResults.ToException(details);
            }
            else
            {
                for (var i = hooks.Length - 1; i >= 0; i--)
                {
                    await hooks[i].AfterAsync(contexts[i], details, hints, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
            details = EvaluationResults.FromException(flagKey, defaultValue, ex);
            logger.LogDebug(ex, "Evaluating flag {FlagKey} failed.", flagKey);
        }

        if (error is not null)
        {
            for (var i = hooks.Length - 1; i >= 0; i--)
            {
                try
                {
                    await hooks[i].ErrorAsync(contexts[i], error, hints, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    logger.LogDebug(ex, "An error hook of flag {FlagKey} threw.", flagKey);
                }
            }
        }

        for (var i = hooks.Length - 1; i >= 0; i--)
        {
            try
            {
                await hooks[i].FinallyAsync(contexts[i], details, hints, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "A finally hook of flag {FlagKey} threw.", flagKey);
            }
        }

        return details;
    }

    private static Metadata SafeMetadata(ProviderRuntime runtime)
    {
        try
        {
            return runtime.Provider.GetMetadata() ?? new Metadata(null);
        }
        catch (Exception)
        {
            return new Metadata(null);
        }
    }
}
