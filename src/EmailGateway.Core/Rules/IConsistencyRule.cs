using System.Collections.Generic;
using EmailGateway.Model;

namespace EmailGateway.Rules
{
    /// <summary>One check of a cluster's state; yields nothing when the cluster passes.</summary>
    public interface IConsistencyRule
    {
        string Id { get; }

        IEnumerable<Finding> Evaluate(ClusterView cluster);
    }
}
