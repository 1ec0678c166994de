using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using EmailGateway.Protocol;

namespace EmailGateway.Upgrade.Orchestration
{
    /// <summary>
    /// The failures worth trying a step again for: the node could not be reached or was busy, or a wait timed
    /// out. Anything else (a refusal by the guard or the appliance, a bad package, a programming error) fails
    /// the same way the next time, so the run stops at once and says so.
    /// </summary>
    internal static class TransientErrors
    {
        public static bool IsTransient(Exception exception) => exception switch
        {
            AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
            GatewayCommandException command => command.Code == ErrorCodes.Unreachable || command.Code == ErrorCodes.Busy || command.Code == ErrorCodes.Timeout
                                               // a lab's injected fault stands for a command that failed in transit
                                               || command.Code == ErrorCodes.Injected,
            OperationCanceledException => false,
            TimeoutException => true,
            SocketException => true,
            IOException => true,
            _ => false,
        };
    }
}
