using OpenFeature.Constant;

namespace OpenFeature.Model;

/// <summary>What a hook sees of a flag evaluation (specification 4.1).</summary>
/// <typeparam name="T">The flag's value type.</typeparam>
public sealed class HookContext<T>
{
    /// <summary>Creates a hook context.</summary>
    /// <param name="flagKey">The flag's key.</param>
    /// <param name="defaultValue">The default value of the evaluation.</param>
    /// <param name="flagValueType">The flag's value type.</param>
    /// <param name="clientMetadata">The client's metadata.</param>
    /// <param name="providerMetadata">The provider's metadata.</param>
    /// <param name="evaluationContext">The evaluation context.</param>
    public HookContext(string? flagKey, T defaultValue, FlagValueType flagValueType, ClientMetadata? clientMetadata,
        Metadata? providerMetadata, EvaluationContext? evaluationContext)
    {
        FlagKey = flagKey ?? throw new ArgumentNullException(nameof(flagKey));
        DefaultValue = defaultValue;
        FlagValueType = flagValueType;
        ClientMetadata = clientMetadata ?? throw new ArgumentNullException(nameof(clientMetadata));
        ProviderMetadata = providerMetadata ?? throw new ArgumentNullException(nameof(providerMetadata));
        EvaluationContext = evaluationContext ?? throw new ArgumentNullException(nameof(evaluationContext));
    }

    /// <summary>The flag's key.</summary>
    public string FlagKey { get; }

    /// <summary>The default value of the evaluation.</summary>
    public T DefaultValue { get; }

    /// <summary>The flag's value type.</summary>
    public FlagValueType FlagValueType { get; }

    /// <summary>The evaluation context as it stands at this stage.</summary>
    public EvaluationContext EvaluationContext { get; internal set; }

    /// <summary>The client's metadata.</summary>
    public ClientMetadata ClientMetadata { get; }

    /// <summary>The provider's metadata.</summary>
    public Metadata ProviderMetadata { get; }

    /// <summary>Data private to this hook, kept across its stages of one evaluation (specification 4.6).</summary>
    /// <remarks>Created on first use, so hooks that keep no data cost nothing.</remarks>
    public HookData Data => _data ??= new HookData();

    private HookData? _data;
}
