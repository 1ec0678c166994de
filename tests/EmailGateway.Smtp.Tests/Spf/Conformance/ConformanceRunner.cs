using System.Net;
using EmailGateway.Smtp.Dns;
using EmailGateway.Smtp.Spf;

namespace EmailGateway.Smtp.Tests.Spf.Conformance;

/// <summary>Puts a conformance case to <see cref="SpfEvaluator"/> through a given resolver and says how it differs.</summary>
public static class ConformanceRunner
{
    public static async Task<(SpfEvaluation Evaluation, string? Difference)> RunAsync(ConformanceCase spfCase, IDnsResolver dns, CancellationToken cancellationToken)
    {
        var evaluation = await new SpfEvaluator(dns).CheckMailFromAsync(IPAddress.Parse(spfCase.Client), spfCase.MailFrom, spfCase.Helo, cancellationToken);
        string? difference = null;
        if (!spfCase.Expected.Contains(evaluation.Result))
            difference = $"expected {string.Join(" or ", spfCase.Expected)}, got {evaluation.Result}: {evaluation.Reason}";
        else if (spfCase.ChecksExplanation && evaluation.Explanation != spfCase.Explanation)
            difference = $"expected the explanation {Quoted(spfCase.Explanation)}, got {Quoted(evaluation.Explanation)}";
        return (evaluation, difference);
    }

    /// <summary>The resolver the wire runs use: short, because a few cases wait for a server that never answers.</summary>
    public static DnsClientResolver WireResolver(IPEndPoint server) => new(server, TimeSpan.FromSeconds(2));

    public static string Describe(ConformanceCase spfCase) =>
        $"[{spfCase.Section.Title}] {spfCase.Id} (RFC 7208 {spfCase.Rfc}): client {spfCase.Client}, HELO '{spfCase.Helo}', MAIL FROM '{spfCase.MailFrom}'";

    private static string Quoted(string? text) => text == null ? "(none)" : "\"" + text + "\"";
}
