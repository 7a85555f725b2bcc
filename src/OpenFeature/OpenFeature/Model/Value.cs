using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace OpenFeature.Model;

/// <summary>
/// An immutable value of one of the types the specification allows in evaluation contexts and object flags:
/// null, boolean, number, string, date-time, list or structure. Integers are stored as doubles.
/// </summary>
[JsonConverter(typeof(ValueJsonConverter))]
public sealed class Value : IEquatable<Value>
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private readonly object? _inner;

    /// <summary>Creates a null value.</summary>
    public Value()
    {
    }

    /// <summary>Creates a value from an object of a supported type.</summary>
    /// <param name="value">
    /// Null, a boolean, an int, long or double (stored as double), a string, a <see cref="DateTime"/>,
    /// an <see cref="IList{T}"/> of <see cref="Value"/>, a <see cref="Structure"/> or a <see cref="Value"/>.
    /// </param>
    /// <exception cref="ArgumentException">The object's type is not one a value can hold.</exception>
    public Value(object? value)
    {
        _inner = value switch
        {
            null => null,
            bool b => b ? BoxedTrue : BoxedFalse,
            int i => (double)i,
            long l => (double)l,
            double or string or DateTime or Structure => value,
            float f => (double)f,
            Value v => v._inner,
            IList<Value> list => list.ToImmutableList(),
            _ => throw new ArgumentException($"A Value cannot hold an object of type {value.GetType()}.", nameof(value)),
        };
    }

    /// <summary>Creates a copy of another value.</summary>
    /// <param name="value">The value to copy.</param>
    public Value(Value value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _inner = value._inner;
    }

    /// <summary>Creates a boolean value.</summary>
    /// <param name="value">The boolean.</param>
    public Value(bool value) => _inner = value ? BoxedTrue : BoxedFalse;

    /// <summary>Creates a number value from an integer.</summary>
    /// <param name="value">The integer, stored as a double.</param>
    public Value(int value) => _inner = (double)value;

    /// <summary>Creates a number value.</summary>
    /// <param name="value">The number.</param>
    public Value(double value) => _inner = value;

    /// <summary>Creates a string value.</summary>
    /// <param name="value">The string.</param>
    public Value(string value) => _inner = value;

    /// <summary>Creates a structure value.</summary>
    /// <param name="value">The structure.</param>
    public Value(Structure value) => _inner = value;

    /// <summary>Creates a list value.</summary>
    /// <param name="value">The items; copied.</param>
    public Value(IList<Value> value) => _inner = value?.ToImmutableList();

    /// <summary>Creates a date-time value.</summary>
    /// <param name="value">The date and time.</param>
    public Value(DateTime value) => _inner = value;

    /// <summary>Whether the value is null.</summary>
    public bool IsNull => _inner is null;

    /// <summary>Whether the value is a boolean.</summary>
    public bool IsBoolean => _inner is bool;

    /// <summary>Whether the value is a number.</summary>
    public bool IsNumber => _inner is double;

    /// <summary>Whether the value is a string.</summary>
    public bool IsString => _inner is string;

    /// <summary>Whether the value is a structure.</summary>
    public bool IsStructure => _inner is Structure;

    /// <summary>Whether the value is a list.</summary>
    public bool IsList => _inner is IImmutableList<Value>;

    /// <summary>Whether the value is a date-time.</summary>
    public bool IsDateTime => _inner is DateTime;

    /// <summary>The underlying object (null, bool, double, string, <see cref="DateTime"/>, list or <see cref="Structure"/>).</summary>
    public object? AsObject => _inner;

    /// <summary>The number as an integer, or null when the value is not a number.</summary>
    public int? AsInteger => _inner is double d ? Convert.ToInt32(d) : null;

    /// <summary>The boolean, or null when the value is not a boolean.</summary>
    public bool? AsBoolean => _inner is bool b ? b : null;

    /// <summary>The number, or null when the value is not a number.</summary>
    public double? AsDouble => _inner is double d ? d : null;

    /// <summary>The string, or null when the value is not a string.</summary>
    public string? AsString => _inner as string;

    /// <summary>The structure, or null when the value is not a structure.</summary>
    public Structure? AsStructure => _inner as Structure;

    /// <summary>The list, or null when the value is not a list.</summary>
    public IImmutableList<Value>? AsList => _inner as IImmutableList<Value>;

    /// <summary>The date-time, or null when the value is not a date-time.</summary>
    public DateTime? AsDateTime => _inner is DateTime d ? d : null;

    /// <summary>Whether this value equals another, comparing lists and structures by content.</summary>
    /// <param name="other">The other value.</param>
    /// <returns>True when both hold equal content.</returns>
    public bool Equals(Value? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return (_inner, other._inner) switch
        {
            (null, null) => true,
            (IImmutableList<Value> a, IImmutableList<Value> b) => a.SequenceEqual(b),
            (Structure a, Structure b) => a.ContentEquals(b),
            (var a, var b) => Equals(a, b),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Value other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        switch (_inner)
        {
            case null:
                return 0;
            case IImmutableList<Value> list:
                var listHash = new HashCode();
                foreach (var item in list)
                {
                    listHash.Add(item);
                }

                return listHash.ToHashCode();
            case Structure structure:
                return structure.ContentHashCode();
            default:
                return _inner.GetHashCode();
        }
    }

    /// <summary>Whether two values hold equal content.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(Value? left, Value? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two values hold different content.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(Value? left, Value? right) => !(left == right);

    /// <inheritdoc />
    public override string ToString() => _inner switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IImmutableList<Value> list => "[" + string.Join(", ", list) + "]",
        _ => Convert.ToString(_inner, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
