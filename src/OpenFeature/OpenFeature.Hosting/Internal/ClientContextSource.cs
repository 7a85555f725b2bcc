using OpenFeature.Model;

namespace OpenFeature.Hosting.Internal;

/// <summary>The AddContext configuration: builds the client evaluation context from the services.</summary>
internal sealed class ClientContextSource
{
    private readonly List<Action<EvaluationContextBuilder, IServiceProvider>> _configurations = [];

    public void Add(Action<EvaluationContextBuilder, IServiceProvider> configure) => _configurations.Add(configure);

    /// <summary>Runs every AddContext configuration, in order, into one context.</summary>
    public EvaluationContext Build(IServiceProvider services)
    {
        var builder = EvaluationContext.Builder();
        foreach (var configure in _configurations)
        {
            configure(builder, services);
        }

        return builder.Build();
    }
}
