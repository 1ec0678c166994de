using System;

namespace EmailGateway.Execution
{
    /// <summary>What one node's operation produced: a value, or the error that stopped it.</summary>
    public sealed class NodeOutcome<T>
    {
        private NodeOutcome(string computerName, T? value, Exception? error)
        {
            ComputerName = computerName;
            Value = value;
            Error = error;
        }

        public string ComputerName { get; }
        public T? Value { get; }
        public Exception? Error { get; }
        public bool Succeeded => Error is null;

        public static NodeOutcome<T> Success(string computerName, T value) => new NodeOutcome<T>(computerName, value, null);
        public static NodeOutcome<T> Failure(string computerName, Exception error) => new NodeOutcome<T>(computerName, default, error);
    }
}
