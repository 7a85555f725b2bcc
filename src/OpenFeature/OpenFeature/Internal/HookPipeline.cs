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

    /// <summary>Counts the hooks that override at least one stage; the others do nothing and are left out.</summary>
    public static int CountActive(ImmutableArray<Hook> api, ImmutableArray<Hook> client, IImmutableList<Hook>? invocation,
        IImmutableList<Hook> provider)
    {
        var count = 0;
        foreach (var hook in api)
        {
            count += IsActive(hook);
        }

        foreach (var hook in client)
        {
            count += IsActive(hook);
        }

        for (var i = 0; i < (invocation?.Count ?? 0); i++)
        {
            count += IsActive(invocation![i]);
        }

        for (var i = 0; i < provider.Count; i++)
        {
            count += IsActive(provider[i]);
        }

        return count;
    }

    /// <summary>The active hooks of one evaluation in "before" order: API, client, invocation, provider.</summary>
    public static StagedHook[] Collect(int activeCount, ImmutableArray<Hook> api, ImmutableArray<Hook> client,
        IImmutableList<Hook>? invocation, IImmutableList<Hook> provider)
    {
        var hooks = new StagedHook[activeCount];
        var next = 0;
        foreach (var hook in api)
        {
            Add(hooks, ref next, hook);
        }

        foreach (var hook in client)
        {
            Add(hooks, ref next, hook);
        }

        for (var i = 0; i < (invocation?.Count ?? 0); i++)
        {
            Add(hooks, ref next, invocation![i]);
        }

        for (var i = 0; i < provider.Count; i++)
        {
            Add(hooks, ref next, provider[i]);
        }

        return hooks;
    }

    private static int IsActive(Hook? hook) => hook is not null && HookStageCache.Of(hook) != HookStages.None ? 1 : 0;

    private static void Add(StagedHook[] hooks, ref int next, Hook? hook)
    {
        if (IsActive(hook) == 1)
        {
            hooks[next++] = new StagedHook(hook!);
        }
    }

    public static async ValueTask<FlagEvaluationDetails<T>> EvaluateAsync<T>(
        StagedHook[] hooks, ProviderRuntime runtime, Resolver<T> resolver, FlagValueType valueType, string flagKey,
        T defaultValue, EvaluationContext context, ClientMetadata clientMetadata,
        IReadOnlyDictionary<string, object>? hints, ILogger logger, CancellationToken cancellationToken)
    {
        hints ??= NoHints;
        var providerMetadata = SafeMetadata(runtime);
        var contexts = new HookContext<T>[hooks.Length];
        for (var i = 0; i < hooks.Length; i++)
        {
            contexts[i] = new HookContext<T>(flagKey, defaultValue, valueType, clientMetadata, providerMetadata, context);
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
                if (hooks[i].Has(HookStages.Before))
                {
                    contexts[i].EvaluationContext = context;
                    var added = await hooks[i].Hook.BeforeAsync(contexts[i], hints, cancellationToken).ConfigureAwait(false);
                    context = ContextMerger.Merge(context, added);
                }
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
                    if (hooks[i].Has(HookStages.After))
                    {
                        await hooks[i].Hook.AfterAsync(contexts[i], details, hints, cancellationToken).ConfigureAwait(false);
                    }
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
                if (!hooks[i].Has(HookStages.Error))
                {
                    continue;
                }

                try
                {
                    await hooks[i].Hook.ErrorAsync(contexts[i], error, hints, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    logger.LogDebug(ex, "An error hook of flag {FlagKey} threw.", flagKey);
                }
            }
        }

        for (var i = hooks.Length - 1; i >= 0; i--)
        {
            if (!hooks[i].Has(HookStages.Finally))
            {
                continue;
            }

            try
            {
                await hooks[i].Hook.FinallyAsync(contexts[i], details, hints, cancellationToken).ConfigureAwait(false);
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
