using System.Threading;
using System.Threading.Tasks;

namespace EmailGateway.Smtp.Dns
{
    /// <summary>
    /// The DNS questions the greeting checks ask. An interface so that the decisions can be tested
    /// against an in-memory zone, and run against any server in production.
    /// </summary>
    public interface IDnsResolver
    {
        /// <summary>
        /// Asks for one record type. Never throws for DNS outcomes (missing names, server failures,
        /// timeouts): those are <see cref="DnsAnswerStatus"/> values. Throws only when cancelled.
        /// </summary>
        Task<DnsAnswer> QueryAsync(string name, DnsRecordKind kind, CancellationToken cancellationToken);
    }

    public enum DnsRecordKind
    {
        A,
        Aaaa,
        Mx,
        Txt,
        Ptr,
    }
}
