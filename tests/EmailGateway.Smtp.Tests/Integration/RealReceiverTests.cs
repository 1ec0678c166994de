using Xunit;
using Xunit.Abstractions;

namespace EmailGateway.Smtp.Tests.Integration;

/// <summary>
/// The module's prediction against a real strict receiver: for every greeting tried, the verdict predicted from
/// syntax, DNS and SPF must be what Postfix (with policyd-spf) actually answers, code and text.
/// </summary>
[Collection(MailLabCollection.Name)]
[Trait("Category", "RealServers")]
public class RealReceiverTests
{
    private readonly MailLab lab;
    private readonly ITestOutputHelper output;

    public RealReceiverTests(MailLab lab, ITestOutputHelper output)
    {
        this.lab = lab;
        this.output = output;
    }

    [RootTheory]
    [InlineData("scmgateway", "Rejected", "Ehlo", 504, "5.5.2 <scmgateway>: Helo command rejected: need fully-qualified hostname")]
    [InlineData("mail..gw.test", "Rejected", "Ehlo", 501, "5.5.2 <mail..gw.test>: Helo command rejected: Invalid name")]
    [InlineData("nothing.gw.test", "Rejected", "Ehlo", 450, "4.7.1 <nothing.gw.test>: Helo command rejected: Host not found")]
    [InlineData("mail.gw.test", "Accepted", "Completed", 250, "2.1.5 Ok")]
    [InlineData("soft.gw.test", "Accepted", "Completed", 250, "2.1.5 Ok")]
    [InlineData("rogue.gw.test", "Rejected", "RcptTo", 550, "5.7.23")]
    [InlineData("explained.gw.test", "Rejected", "RcptTo", 550, "5.7.23")]
    public void Prediction_matches_the_real_Postfix_reply(string helo, string expectedDecision, string expectedStage, int expectedCode, string expectedText)
    {
        var report = lab.Check(helo);
        output.WriteLine($"{helo}: predicted {report.Predicted}, probe {report.ProbeDecision} at {report.ProbeStage}: {report.ProbeCode} {report.ProbeText}");
        foreach (var line in report.Checks.Concat(report.Transcript)) output.WriteLine("  " + line);

        Assert.True(report.ProbeCode == expectedCode, $"Postfix answered {report.ProbeCode} {report.ProbeText} at {report.ProbeStage}, expected {expectedCode}\n{lab.MailLog}");
        Assert.StartsWith(expectedText, report.ProbeText);
        Assert.Equal(expectedStage, report.ProbeStage);
        Assert.Equal(expectedDecision, report.ProbeDecision);
        Assert.Equal(report.ProbeDecision, report.Predicted);
        if (report.Predicted == "Rejected")
            Assert.Equal(report.ProbeCode, report.ExpectedCode);
    }

    [RootFact]
    public void Prediction_alone_reads_the_real_DNS()
    {
        var healthy = lab.Check("mail.gw.test", probe: false);
        var rogue = lab.Check("rogue.gw.test", probe: false);
        var soft = lab.Check("soft.gw.test", probe: false);

        Assert.Equal(("Pass", "Pass", "Pass", "Accepted"), (healthy.Dns, healthy.Fcrdns, healthy.Spf, healthy.Predicted));
        Assert.Equal(("Warning", "Fail", "Rejected"), (rogue.Dns, rogue.Spf, rogue.Predicted));
        Assert.Equal(("SoftFail", "Accepted"), (soft.Spf, soft.Predicted));
        Assert.Null(healthy.ProbeDecision);
    }

    /// <summary>
    /// swaks, an independent client, sends the same greetings; the predicted reply must appear in its transcript.
    /// It also covers the bare address, which MailKit would send bracketed and so cannot probe.
    /// </summary>
    [RootTheory]
    [InlineData("scmgateway")]
    [InlineData("192.0.2.10")]
    [InlineData("mail..gw.test")]
    [InlineData("nothing.gw.test")]
    [InlineData("rogue.gw.test")]
    [InlineData("explained.gw.test")]
    public void An_independent_client_gets_the_predicted_refusal(string helo)
    {
        var prediction = lab.Check(helo, probe: false);
        var transcript = lab.Swaks(helo);
        output.WriteLine(transcript);

        Assert.Equal("Rejected", prediction.Predicted);
        var parts = prediction.ExpectedReply!.Split(' ', 3); // code, enhanced code, text
        Assert.Contains($"<** {parts[0]} {parts[1]} ", transcript);
        Assert.Contains(parts[2], transcript);
    }

    /// <summary>The domain's exp= text, expanded by us, is the text policyd-spf (pyspf) puts in Postfix's refusal.</summary>
    [RootFact]
    public void The_SPF_explanation_is_the_one_Postfix_gives()
    {
        var report = lab.Check("explained.gw.test");
        output.WriteLine($"{report.ExpectedReply} / {report.ProbeCode} {report.ProbeText}");

        Assert.Equal($"explained.gw.test may not send mail from {MailLab.SendingAddress}", report.SpfExplanation);
        Assert.Equal("Rejected", report.Predicted);
        Assert.Contains("Message rejected due to: " + report.SpfExplanation, report.ExpectedReply);
        Assert.Contains("Message rejected due to: " + report.SpfExplanation, report.ProbeText);
    }

    [RootFact]
    public void Bare_address_greeting_is_not_probed_through_MailKit()
    {
        var report = lab.Check("192.0.2.10");

        Assert.Equal("Unknown", report.ProbeDecision);
        Assert.Equal("Rejected", report.Decision);
    }
}
