using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace EmailGateway.Smtp
{
    /// <summary>
    /// A live probe with MailKit: connect, EHLO with the greeting (falling back to HELO as MailKit does), optionally
    /// MAIL FROM:&lt;&gt; and RCPT TO, then QUIT. Never sends DATA. Every step is bounded by the request's timeout
    /// and the caller's cancellation.
    /// </summary>
    public sealed class MailKitGreetingProbe : ISmtpGreetingProbe
    {
        public async Task<SmtpProbeResult> ProbeAsync(SmtpProbeRequest request, CancellationToken cancellationToken)
        {
            var log = new TranscriptLogger();
            if (IPAddress.TryParse(request.HeloName, out _))
            {
                // MailKit brackets an address given as LocalDomain, so the server would judge a different greeting
                return new SmtpProbeResult(GreetingDecision.Unknown, SmtpProbeStage.Connect, null, string.Empty,
                    $"not probed: MailKit sends the address greeting '{request.HeloName}' as the literal [{request.HeloName}]", log.Lines);
            }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // connect + up to four commands, each allowed the timeout
            deadline.CancelAfter(TimeSpan.FromTicks(request.Timeout.Ticks * 5));
            using var client = new ProbeClient(log)
            {
                LocalDomain = request.HeloName,
                Timeout = (int)Math.Min(int.MaxValue, request.Timeout.TotalMilliseconds),
                CheckCertificateRevocation = false,
            };
            if (request.SourceAddress != null) client.LocalEndPoint = new IPEndPoint(request.SourceAddress, 0);

            try
            {
                using (var connectDeadline = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token))
                {
                    connectDeadline.CancelAfter(request.Timeout);
                    await client.ConnectAsync(request.Server.Host, request.Server.Port, SecureSocketOptions.None, connectDeadline.Token).ConfigureAwait(false);
                }
            }
            catch (SmtpCommandException ex)
            {
                var stage = log.LastCommand == null ? SmtpProbeStage.Banner : SmtpProbeStage.Ehlo;
                var decision = SmtpProbeClassifier.Classify(stage, (int)ex.StatusCode, ex.Message);
                await QuitQuietlyAsync(client, cancellationToken).ConfigureAwait(false);
                return new SmtpProbeResult(decision, stage, (int)ex.StatusCode, ex.Message.Trim(), Describe(stage, decision), log.Lines);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Unreachable(request, $"no answer within {request.Timeout.TotalSeconds:0.#} s", log);
            }
            catch (Exception ex) when (ex is IOException || ex is System.Net.Sockets.SocketException || ex is SmtpProtocolException || ex is TimeoutException || ex is SslHandshakeException)
            {
                return Unreachable(request, ex.Message, log);
            }

            var ehloReply = log.LastReply ?? string.Empty;
            if (request.Recipient == null)
            {
                await QuitQuietlyAsync(client, cancellationToken).ConfigureAwait(false);
                return new SmtpProbeResult(GreetingDecision.Accepted, SmtpProbeStage.Ehlo, 250, Strip(ehloReply), "the server accepted the greeting", log.Lines);
            }

            try
            {
                var mail = await client.SendAsync("MAIL FROM:<>", deadline.Token).ConfigureAwait(false);
                if ((int)mail.StatusCode >= 400)
                    return await FinishAsync(client, SmtpProbeStage.MailFrom, mail, log, cancellationToken).ConfigureAwait(false);
                var rcpt = await client.SendAsync($"RCPT TO:<{request.Recipient}>", deadline.Token).ConfigureAwait(false);
                await client.SendAsync("RSET", deadline.Token).ConfigureAwait(false);
                return await FinishAsync(client, SmtpProbeStage.RcptTo, rcpt, log, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new SmtpProbeResult(GreetingDecision.Unknown, log.LastCommand == "RCPT" ? SmtpProbeStage.RcptTo : SmtpProbeStage.MailFrom, null, string.Empty,
                    $"EHLO was accepted, then no answer within {request.Timeout.TotalSeconds:0.#} s", log.Lines);
            }
            catch (Exception ex) when (ex is IOException || ex is SmtpProtocolException || ex is ServiceNotConnectedException)
            {
                return new SmtpProbeResult(GreetingDecision.Unknown, SmtpProbeStage.MailFrom, null, string.Empty, $"EHLO was accepted, then the connection failed: {ex.Message}", log.Lines);
            }
        }

        private static async Task<SmtpProbeResult> FinishAsync(ProbeClient client, SmtpProbeStage stage, SmtpResponse reply, TranscriptLogger log, CancellationToken cancellationToken)
        {
            var decision = SmtpProbeClassifier.Classify(stage, (int)reply.StatusCode, reply.Response);
            await QuitQuietlyAsync(client, cancellationToken).ConfigureAwait(false);
            return new SmtpProbeResult(decision, stage == SmtpProbeStage.RcptTo && decision == GreetingDecision.Accepted ? SmtpProbeStage.Completed : stage,
                (int)reply.StatusCode, reply.Response.Trim(), Describe(stage, decision), log.Lines);
        }

        private static string Describe(SmtpProbeStage stage, GreetingDecision decision) => decision switch
        {
            GreetingDecision.Accepted => $"the server accepted the greeting (checked up to {stage})",
            GreetingDecision.Rejected => $"the server refused the greeting at {stage}",
            _ => $"the server refused at {stage} for a reason not about the greeting",
        };

        private static SmtpProbeResult Unreachable(SmtpProbeRequest request, string why, TranscriptLogger log) =>
            new SmtpProbeResult(GreetingDecision.Unknown, SmtpProbeStage.Connect, null, string.Empty, $"could not talk to {request.Server}: {why}", log.Lines);

        private static string Strip(string reply) => reply.Length > 4 ? reply.Substring(4).Trim() : reply.Trim();

        private static async Task QuitQuietlyAsync(SmtpClient client, CancellationToken cancellationToken)
        {
            if (!client.IsConnected) return;
            try
            {
                using var quitDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quitDeadline.CancelAfter(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(true, quitDeadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is SmtpProtocolException || ex is SmtpCommandException || ex is OperationCanceledException)
            {
                // the verdict is already known; a server that drops the line at QUIT changes nothing
            }
        }

        /// <summary>MailKit's client with its raw command method opened up for MAIL FROM/RCPT TO without a message.</summary>
        private sealed class ProbeClient : SmtpClient
        {
            public ProbeClient(IProtocolLogger logger) : base(logger) { }

            public Task<SmtpResponse> SendAsync(string command, CancellationToken cancellationToken) =>
                SendCommandAsync(command, cancellationToken);
        }

        /// <summary>Keeps the conversation, line by line, for the result and for telling which step a reply answered.</summary>
        private sealed class TranscriptLogger : IProtocolLogger
        {
            private readonly List<string> lines = new List<string>();

            public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }
            public IReadOnlyList<string> Lines { get { lock (lines) return lines.ToList(); } }
            public string? LastCommand { get; private set; }
            public string? LastReply { get; private set; }

            public void LogConnect(Uri uri) { lock (lines) lines.Add("* connected to " + uri); }

            public void LogClient(byte[] buffer, int offset, int count)
            {
                foreach (var line in Split(buffer, offset, count))
                {
                    LastCommand = line.Split(' ')[0].ToUpperInvariant();
                    lock (lines) lines.Add("C: " + line);
                }
            }

            public void LogServer(byte[] buffer, int offset, int count)
            {
                foreach (var line in Split(buffer, offset, count))
                {
                    LastReply = line;
                    lock (lines) lines.Add("S: " + line);
                }
            }

            public void Dispose() { }

            private static IEnumerable<string> Split(byte[] buffer, int offset, int count) =>
                Encoding.UTF8.GetString(buffer, offset, count).Split(new[] { "\r\n", "\n" }, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
