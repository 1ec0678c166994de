using System.Collections.Generic;

namespace EmailGateway.Rules
{
    /// <summary>The logic of one KB rule (declared in <see cref="KbRules"/>): judges one cluster; yields nothing when it passes.</summary>
    public interface IClusterRule
    {
        KbRule Rule { get; }

        IEnumerable<RuleBreach> Evaluate(ClusterView cluster);
    }
}
