using System.Diagnostics.CodeAnalysis;

namespace EmailGateway.Appliance;

/// <summary>
/// The collection types the lab state's YAML creates by reflection. A native (ahead-of-time) build only
/// keeps constructors it can see used; these declarations keep them.
/// </summary>
internal static class ReflectionRoots
{
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods, typeof(Dictionary<string, string>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods, typeof(Dictionary<int, string>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods, typeof(List<string>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods, typeof(List<long>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods, typeof(List<int>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods, "System.Collections.Generic.List`1[[EmailGateway.Lab.State.NodeState, EmailGateway.Lab]]", "System.Private.CoreLib")]
    public static void Keep()
    {
        // Instantiations the compiler must generate code for; YamlDotNet fills them through IDictionary/IList.
        _ = new Dictionary<string, string>();
        _ = new Dictionary<int, string>();
        _ = new List<string>();
        _ = new List<long>();
        _ = new List<int>();
    }
}
