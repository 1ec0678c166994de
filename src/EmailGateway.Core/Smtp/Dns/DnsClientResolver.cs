using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using DnsClient;
using DnsClient.Protocol;

namespace EmailGateway.Smtp.Dns
{
    /// <summary>
    /// <see cref="IDnsResolver"/> over DnsClient: one server (or the system's resolvers), no cache so every
    /// check sees the zone as it is now, a timeout on every query.
    /// </summary>
    public sealed class DnsClientResolver : IDnsResolver
    {
        private readonly LookupClient client;

        /// <param name="server">The server to ask; null uses the machine's configured resolvers.</param>
        /// <param name="timeout">How long one query may take.</param>
        public DnsClientResolver(IPEndPoint? server, TimeSpan timeout)
        {
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the DNS timeout must be positive");
            var options = server == null ? new LookupClientOptions() : new LookupClientOptions(new NameServer(server));
            options.Timeout = timeout;
            options.Retries = 1;
            options.UseCache = false;
            options.ThrowDnsErrors = false;
            options.ContinueOnDnsError = false;
            options.ContinueOnEmptyResponse = false;
            options.UseTcpFallback = true;
            options.Recursion = true;
            client = new LookupClient(options);
            Server = server;
        }

        public IPEndPoint? Server { get; }

        public async Task<DnsAnswer> QueryAsync(string name, DnsRecordKind kind, CancellationToken cancellationToken)
        {
            // DnsClient throws on an overlong label and sends a broken packet for an empty one: nothing such is sent
            if (!DnsNames.IsWellFormedName(name, out var problem)) return DnsAnswer.Failed($"'{name}' was not asked: {problem}");
            IDnsQueryResponse response;
            try
            {
                response = await client.QueryAsync(name, ToQueryType(kind), QueryClass.IN, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (DnsResponseException ex)
            {
                return DnsAnswer.Failed(ex.Code == DnsResponseCode.ConnectionTimeout ? "timeout" : ex.Message);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is System.Net.Sockets.SocketException || ex is ArgumentException)
            {
                return DnsAnswer.Failed(ex.Message);
            }

            if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain) return DnsAnswer.NameNotFound();
            if (response.HasError) return DnsAnswer.Failed(response.Header.ResponseCode.ToString());
            return DnsAnswer.Found(Extract(response, kind));
        }

        private static QueryType ToQueryType(DnsRecordKind kind) => kind switch
        {
            DnsRecordKind.A => QueryType.A,
            DnsRecordKind.Aaaa => QueryType.AAAA,
            DnsRecordKind.Mx => QueryType.MX,
            DnsRecordKind.Txt => QueryType.TXT,
            DnsRecordKind.Ptr => QueryType.PTR,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        private static IReadOnlyList<string> Extract(IDnsQueryResponse response, DnsRecordKind kind) => kind switch
        {
            DnsRecordKind.A => response.Answers.ARecords().Select(r => r.Address.ToString()).ToList(),
            DnsRecordKind.Aaaa => response.Answers.AaaaRecords().Select(r => r.Address.ToString()).ToList(),
            DnsRecordKind.Mx => response.Answers.MxRecords().OrderBy(r => r.Preference).Select(r => DnsNames.TrimTrailingDot(r.Exchange.Value)).ToList(),
            DnsRecordKind.Txt => response.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToList(),
            DnsRecordKind.Ptr => response.Answers.PtrRecords().Select(r => DnsNames.TrimTrailingDot(r.PtrDomainName.Value)).ToList(),
            _ => Array.Empty<string>(),
        };
    }
}
