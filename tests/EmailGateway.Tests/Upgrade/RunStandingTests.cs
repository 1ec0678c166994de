using System.Collections.Generic;
using EmailGateway.Model;
using EmailGateway.Tests.Core.Support;
using EmailGateway.Upgrade.Reporting;
using Xunit;

namespace EmailGateway.Tests.Upgrade
{
    public class RunStandingTests
    {
        private static bool AnswersFor(GatewayNode node) => node.VirtualIp == NodeBuilder.VirtualIp && node.Mode != ClusterMode.Scanner;

        [Fact]
        public void A_server_with_a_valid_greeting_means_mail_flows()
        {
            var nodes = new List<GatewayNode> { NodeBuilder.Master("meg1").Offline(), NodeBuilder.Master("meg2").Build(NodeBuilder.Build764P4), NodeBuilder.Scanner("meg3").Offline() };
            var text = RunStanding.Describe(nodes, AnswersFor, NodeBuilder.VirtualIp);
            Assert.Equal("meg2 (master, 7.6.4 P4, greeting mail.example.com) serves the virtual IP 192.0.2.10 now; mail flows through meg2; offline: meg1, meg3.", text);
        }

        [Fact]
        public void A_server_greeting_with_the_factory_name_means_mail_is_refused()
        {
            var nodes = new List<GatewayNode> { NodeBuilder.Master("meg1").Offline(), NodeBuilder.Master("meg2").Helo("scmgateway") };
            var text = RunStanding.Describe(nodes, AnswersFor, NodeBuilder.VirtualIp);
            Assert.Contains("mail does not flow: meg2 greets 'scmgateway'", text);
        }

        [Fact]
        public void Nobody_serving_says_whether_a_takeover_is_under_way()
        {
            var takingOver = new List<GatewayNode> { NodeBuilder.Master("meg1").Offline(), NodeBuilder.Master("meg2").Vrrp(false) };
            Assert.StartsWith("Nobody serves the virtual IP 192.0.2.10 at this moment (meg2 is taking it over)", RunStanding.Describe(takingOver, AnswersFor, NodeBuilder.VirtualIp));

            var none = new List<GatewayNode> { NodeBuilder.Master("meg1").Offline(), NodeBuilder.Failover("meg2").Offline() };
            Assert.StartsWith("Nobody serves the virtual IP 192.0.2.10 now, so mail does not flow", RunStanding.Describe(none, AnswersFor, NodeBuilder.VirtualIp));
        }

        [Theory]
        [InlineData(null, "Invoke-GatewayClusterUpgrade -Resume")]
        [InlineData("/var/j/cluster-12.journal.yaml", "Invoke-GatewayClusterUpgrade -Resume -JournalPath '/var/j/cluster-12.journal.yaml'")]
        [InlineData("/home/o'neil/j.yaml", "Invoke-GatewayClusterUpgrade -Resume -JournalPath '/home/o''neil/j.yaml'")]
        public void The_resume_command_is_quoted_for_PowerShell(string? journal, string expected) =>
            Assert.Equal(expected, RunStanding.ResumeCommand(journal));
    }
}
