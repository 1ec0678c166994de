using EmailGateway.Model;
using Xunit;

namespace EmailGateway.Tests.Lab
{
    public class LabMailTests
    {
        [Fact]
        public void A_served_vip_delivers_the_stream_with_a_small_queue_on_the_server_only()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Wait(TimeSpan.FromSeconds(100));
            var report = lab.Report;
            Assert.Equal(0, report.OutageSeconds);
            Assert.Equal(0, report.RejectedDeliveries);
            // 100 arrivals at 1/s; the last 5 are still in the queue (5 s scanning).
            Assert.Equal(95, report.DeliveredMessages);
            Assert.Equal(5, lab.Status("meg1").MailQueue);
            Assert.All(new[] { "meg2", "meg3", "meg4" }, n => Assert.Equal(0, lab.Status(n).MailQueue));
        }

        [Fact]
        public void A_queue_drains_within_the_hold_time_once_no_new_mail_arrives()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Wait(TimeSpan.FromSeconds(20));
            lab.Offline("meg1");                       // meg2 serves after 3 s
            lab.Wait(TimeSpan.FromSeconds(30));
            Assert.Equal(5, lab.Status("meg2").MailQueue);
            Assert.Equal(5, lab.Status("meg1").MailQueue); // stranded while offline
            lab.Online("meg1");                        // takes the traffic back at once
            lab.Wait(TimeSpan.FromSeconds(2));
            Assert.Equal(3, lab.Status("meg2").MailQueue);
            lab.Wait(TimeSpan.FromSeconds(3));
            Assert.Equal(0, lab.Status("meg2").MailQueue);
            Assert.Equal(5, lab.Status("meg1").MailQueue);
            Assert.Equal(5, lab.Report.StrandedMessages);
        }

        [Fact]
        public void A_node_taken_offline_after_draining_strands_nothing()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Wait(TimeSpan.FromSeconds(20));
            lab.Offline("meg3");
            Assert.Equal(0, lab.Report.StrandedMessages);
            lab.Offline("meg1");
            Assert.Equal(5, lab.Report.StrandedMessages);
            Assert.Contains(lab.Report.Timeline, e => e.Text == "meg1: left the traffic network with 5 message(s) queued");
        }

        [Fact]
        public void Without_a_server_the_seconds_count_as_outage_and_mail_is_deferred_not_lost()
        {
            using var lab = LabHarness.Preset("Healthy");
            lab.Offline("meg2");
            lab.Offline("meg1");
            lab.Wait(TimeSpan.FromSeconds(90));
            var report = lab.Report;
            Assert.Equal(90, report.OutageSeconds, 6);
            Assert.Equal(90, report.DeferredMessages);
            Assert.Equal(0, report.RejectedDeliveries);
            Assert.Equal(0, report.DeliveredMessages);
        }

        [Fact]
        public void A_server_greeting_with_a_bare_name_has_every_delivery_rejected()
        {
            using var lab = LabHarness.Preset("KB80406");
            lab.Offline("meg1");
            lab.Wait(TimeSpan.FromSeconds(63));
            var report = lab.Report;
            Assert.Equal(3, report.OutageSeconds, 6);
            Assert.Equal(55, report.RejectedDeliveries);
            Assert.Equal(0, report.DeliveredMessages);
            Assert.Contains(report.Timeline, e => e.Text.Contains("meg2: outbound deliveries rejected by the strict receiver: 504 5.5.2 <scmgateway>: Helo command rejected"));
        }
    }
}
