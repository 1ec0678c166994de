using System;
using System.Globalization;

namespace EmailGateway.Model
{
    /// <summary>Cluster identifiers are 0-255; members with the same identifier join one cluster.</summary>
    public static class ClusterId
    {
        public const int Minimum = 0;
        public const int Maximum = 255;

        public static bool IsValid(int id) => id >= Minimum && id <= Maximum;

        public static int Validate(int id, string parameterName = "ClusterId")
        {
            if (!IsValid(id))
                throw new ArgumentOutOfRangeException(parameterName, id, $"Cluster identifier {id} is outside {Minimum}-{Maximum}.");
            return id;
        }

        public static int Parse(string text)
        {
            if (int.TryParse((text ?? string.Empty).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && IsValid(id))
                return id;
            throw new FormatException($"'{text}' is not a cluster identifier: expected a whole number {Minimum}-{Maximum}.");
        }
    }
}
