namespace EmailGateway.Commands.Infrastructure
{
    /// <summary>
    /// Parameters of Core's or the lab's value types (ClusterId, modes, states, recipes, lab faults) keep
    /// their value in a field of type object. At import PowerShell lists the module's public types and asks
    /// each for a parameterless constructor; the runtime then lays out the class and reads the signatures of
    /// its constructors. A field of an enum or struct from Core, or a public constructor taking a Core type,
    /// would make it load Core (or the lab) before any command runs; a property's type alone loads nothing.
    /// So parameters keep their types, and the output classes' constructors are internal.
    /// </summary>
    internal static class ParameterBox
    {
        /// <summary>The value set, or <paramref name="unset"/> while the parameter was not bound.</summary>
        public static T Unbox<T>(object? box, T unset = default) where T : struct => box is T value ? value : unset;
    }
}
