using System;
using System.Collections.Generic;
using System.Linq;
using EmailGateway.Model;
using EmailGateway.Protocol;

namespace EmailGateway.Profiles.Status
{
    /// <summary>A status reply read through a profile's layout: every field's outcome, and the node when it can be built.</summary>
    public sealed class StatusReading
    {
        internal StatusReading(IReadOnlyList<StatusFieldReading> fields, IReadOnlyList<string> otherKeys, string? replyProblem = null)
        {
            Fields = fields;
            OtherKeys = otherKeys;
            ReplyProblem = replyProblem;
        }

        /// <summary>One entry per status field, in the order of <see cref="StatusField.All"/>.</summary>
        public IReadOnlyList<StatusFieldReading> Fields { get; }

        /// <summary>Key-value format only: keys in the reply that no field uses (Section/Key), for profile authors.</summary>
        public IReadOnlyList<string> OtherKeys { get; }

        /// <summary>A problem with the whole reply (not valid YAML, say); fields are then all missing.</summary>
        public string? ReplyProblem { get; }

        public IEnumerable<string> Problems =>
            ReplyProblem != null ? new[] { ReplyProblem } : Fields.Where(f => f.IsBlocking).Select(f => f.Problem ?? f.Field);

        public bool IsComplete => !Problems.Any();

        /// <summary>The node the reply describes; a FormatException lists every field that stops it.</summary>
        public GatewayNode ToNode()
        {
            var problems = Problems.ToList();
            if (problems.Count > 0) throw new FormatException(string.Join("; ", problems) + ".");
            var node = new GatewayNode();
            foreach (var reading in Fields)
                StatusField.Find(reading.Key)!.Assign(node, reading.Value);
            return node;
        }
    }
}
