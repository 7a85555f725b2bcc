using OpenFeature.Model;

namespace OpenFeatureAppConfig.Provider.Internal;

/// <summary>Translates an OpenFeature evaluation context into the targeting context of Microsoft.FeatureManagement.</summary>
internal sealed class TargetingContextFactory
{
    private readonly string _groupsAttribute;
    private readonly Func<EvaluationContext, Microsoft.FeatureManagement.FeatureFilters.TargetingContext>? _mapper;

    public TargetingContextFactory(FeatureManagementProviderOptions options)
    {
        _groupsAttribute = options.GroupsAttribute;
        _mapper = options.TargetingContextMapper;
    }

    public EvaluationTargetingContext Create(EvaluationContext? context)
    {
        context ??= EvaluationContext.Empty;
        if (_mapper is not null)
        {
            var mapped = _mapper(context) ?? throw new InvalidEvaluationContextException("The targeting context mapper returned null.");
            return new EvaluationTargetingContext(context, mapped.UserId, mapped.Groups);
        }

        var userId = string.IsNullOrEmpty(context.TargetingKey) ? null : context.TargetingKey;
        return new EvaluationTargetingContext(context, userId, ReadGroups(context));
    }

    private IEnumerable<string>? ReadGroups(EvaluationContext context)
    {
        if (context.Count == 0 || !context.TryGetValue(_groupsAttribute, out var value) || value is null || value.IsNull)
        {
            return null;
        }

        if (value.IsString)
        {
            // A single string may carry several groups separated by commas ("beta, staff").
            return value.AsString!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (value.IsList)
        {
            // Indexed access: enumerating the immutable list through its interface would allocate.
            var list = value.AsList!;
            var groups = new string[list.Count];
            var count = 0;
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is { IsString: true, AsString: { Length: > 0 } group })
                {
                    groups[count++] = group;
                }
            }

            return count == groups.Length ? groups : groups[..count];
        }

        throw new InvalidEvaluationContextException(
            $"The evaluation context attribute '{_groupsAttribute}' must be a list of strings or a comma-separated string.");
    }
}
