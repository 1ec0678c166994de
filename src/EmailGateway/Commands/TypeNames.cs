namespace EmailGateway.Commands
{
    /// <summary>The PowerShell type names the format file's views are keyed on.</summary>
    internal static class TypeNames
    {
        public const string Node = "EmailGateway.GatewayNode";
        public const string Session = "EmailGateway.GatewaySession";
        public const string ConsistencyResult = "EmailGateway.ClusterConsistencyResult";
        public const string Finding = "EmailGateway.Finding";
        public const string Lab = "EmailGateway.Lab";
        public const string LabReport = "EmailGateway.LabReport";
        public const string Package = "EmailGateway.UpdatePackage";
        public const string SmtpGreetingResult = "EmailGateway.SmtpGreetingResult";
        public const string UpgradeStep = "EmailGateway.UpgradeStep";
        public const string UpgradePlan = "EmailGateway.UpgradePlan";
        public const string UpgradeReport = "EmailGateway.UpgradeReport";
        public const string FleetReport = "EmailGateway.FleetReport";
        public const string DeviceProfileField = "EmailGateway.DeviceProfileField";
    }
}
