using System;
using System.ComponentModel;
using System.Globalization;

namespace EmailGateway.Model
{
    /// <summary>
    /// A cluster identifier, 0-255: members with the same identifier in one network segment join one
    /// cluster. Always valid once made. PowerShell binds it from a whole number or its text (<c>12</c>,
    /// <c>'12'</c>) and refuses anything else (<c>1.5</c>, <c>''</c>) instead of rounding it.
    /// </summary>
    [TypeConverter(typeof(ClusterIdConverter))]
    public readonly struct ClusterId : IEquatable<ClusterId>, IComparable<ClusterId>, IComparable, IFormattable
    {
        public const int Minimum = 0;
        public const int Maximum = 255;

        private readonly byte _value;

        public ClusterId(int value) => _value = (byte)Validate(value, nameof(value));

        /// <summary>The identifier as a number (what the protocol and the pipeline's objects carry).</summary>
        public int Value => _value;

        public static bool IsValid(int id) => id >= Minimum && id <= Maximum;

        public static int Validate(int id, string parameterName = "ClusterId")
        {
            if (!IsValid(id))
                throw new ArgumentOutOfRangeException(parameterName, id, $"Cluster identifier {id} is outside {Minimum}-{Maximum}.");
            return id;
        }

        public static ClusterId Parse(string text) =>
            TryParse(text, out var id) ? id : throw new FormatException(NotAnId(text));

        public static bool TryParse(string? text, out ClusterId id)
        {
            if (int.TryParse((text ?? string.Empty).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && IsValid(value))
            {
                id = new ClusterId(value);
                return true;
            }
            id = default;
            return false;
        }

        internal static string NotAnId(object? value) => $"'{value}' is not a cluster identifier: expected a whole number {Minimum}-{Maximum}.";

        public static implicit operator int(ClusterId id) => id._value;

        public bool Equals(ClusterId other) => _value == other._value;
        public override bool Equals(object? obj) => obj is ClusterId other && Equals(other);
        public override int GetHashCode() => _value;
        public int CompareTo(ClusterId other) => _value.CompareTo(other._value);

        int IComparable.CompareTo(object? obj) => obj switch
        {
            null => 1,
            ClusterId other => CompareTo(other),
            _ => throw new ArgumentException("A cluster identifier compares only with another.", nameof(obj)),
        };

        public static bool operator ==(ClusterId a, ClusterId b) => a.Equals(b);
        public static bool operator !=(ClusterId a, ClusterId b) => !a.Equals(b);

        public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);
        public string ToString(string? format, IFormatProvider? formatProvider) => _value.ToString(format, formatProvider ?? CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Makes a <see cref="ClusterId"/> from what PowerShell hands a parameter: any whole number in range, or
    /// its text. A fraction, an empty string or text that is not a number is refused with the reason.
    /// </summary>
    public sealed class ClusterIdConverter : TypeConverter
    {
        public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
            sourceType == typeof(string) || IsNumber(sourceType) || base.CanConvertFrom(context, sourceType);

        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        {
            if (value is string text) return ClusterId.Parse(text);
            if (value is null || !IsNumber(value.GetType())) return base.ConvertFrom(context, culture, value);
            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            // 1.5 is refused, not rounded: a cluster id is a whole number.
            if (double.IsNaN(number) || Math.Floor(number) != number || number < ClusterId.Minimum || number > ClusterId.Maximum)
                throw new FormatException(ClusterId.NotAnId(Convert.ToString(value, CultureInfo.InvariantCulture)));
            return new ClusterId((int)number);
        }

        private static bool IsNumber(Type type) =>
            type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort) || type == typeof(int) || type == typeof(uint)
            || type == typeof(long) || type == typeof(ulong) || type == typeof(double) || type == typeof(float) || type == typeof(decimal);
    }
}
