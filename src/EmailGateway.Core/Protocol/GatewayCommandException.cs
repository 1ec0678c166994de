using System;

namespace EmailGateway.Protocol
{
    /// <summary>An appliance refused or failed a command; carries the node and the protocol's error code.</summary>
    public class GatewayCommandException : Exception
    {
        public GatewayCommandException(string node, string command, string code, string message, Exception? inner = null)
            : base($"{node}: '{command}' failed: {code}: {message}", inner)
        {
            Node = node;
            Command = command;
            Code = code;
            Reason = message;
        }

        public string Node { get; }
        public string Command { get; }
        public string Code { get; }
        public string Reason { get; }
    }
}
