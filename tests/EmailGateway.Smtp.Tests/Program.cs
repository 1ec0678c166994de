using System.Net;
using System.Text.Json;
using EmailGateway.Smtp.Dns;

namespace EmailGateway.Smtp.Tests;

/// <summary>
/// Entry point used by the real-server tests: they run this assembly inside the private network namespace
/// where dnsmasq and Postfix live (`nsenter ... dotnet exec EmailGateway.Smtp.Tests.dll greeting-check ...`),
/// because a namespace is entered per thread and the checks' sockets must all be created inside it.
/// Prints the result as JSON on stdout. <c>spf-suite FILE</c> runs an SPF conformance file (see <see cref="Spf.Conformance.ConformanceCommand"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "spf-suite") return await Spf.Conformance.ConformanceCommand.RunAsync(args[1]);
        if (args.Length == 0 || args[0] != "greeting-check")
        {
            Console.Error.WriteLine("usage: greeting-check --helo NAME --address IP --dns IP[:PORT] [--probe HOST[:PORT]] [--timeout SECONDS]");
            Console.Error.WriteLine("       spf-suite FILE   (an RFC 7208 conformance file: ours, or the public OpenSPF suite)");
            return 2;
        }
        var values = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];

        var address = IPAddress.Parse(values["address"]);
        var options = new GreetingCheckOptions
        {
            DnsServer = DnsServerEndpoint.Parse(values["dns"]),
            Timeout = TimeSpan.FromSeconds(values.TryGetValue("timeout", out var t) ? double.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 5),
            ProbeServer = values.TryGetValue("probe", out var probe) ? SmtpEndpoint.Parse(probe) : null,
            ProbeFromSendingAddress = true,
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await GreetingChecker.Create(options).CheckAsync(values["helo"], address, options, cts.Token);
        var report = new GreetingReport(
            result.HeloName, result.Address, result.Predicted.ToString(), result.Decision.ToString(), result.Reason,
            result.ExpectedReply?.Code, result.ExpectedReply?.ToString(),
            result.Syntax.ToString(), result.Dns.ToString(), result.ForwardConfirmedReverseDns.ToString(), result.Spf.ToString(), result.SpfExplanation,
            result.ProbeResult?.Decision.ToString(), result.ProbeResult?.Stage.ToString(), result.ProbeResult?.Code, result.ProbeResult?.Text,
            result.ProbeResult?.Transcript.ToArray() ?? Array.Empty<string>(),
            result.Checks.Select(c => c.ToString()).ToArray());
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }
}

public sealed record GreetingReport(
    string Helo, string Address, string Predicted, string Decision, string Reason,
    int? ExpectedCode, string? ExpectedReply,
    string Syntax, string Dns, string Fcrdns, string Spf, string? SpfExplanation,
    string? ProbeDecision, string? ProbeStage, int? ProbeCode, string? ProbeText,
    string[] Transcript, string[] Checks);
