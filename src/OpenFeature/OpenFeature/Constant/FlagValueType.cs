namespace OpenFeature.Constant;

/// <summary>The type of value a flag evaluation asks for.</summary>
public enum FlagValueType
{
    /// <summary>A boolean flag.</summary>
    Boolean,

    /// <summary>A string flag.</summary>
    String,

    /// <summary>A numeric (integer or double) flag.</summary>
    Number,

    /// <summary>A structured (object) flag.</summary>
    Object,
}
