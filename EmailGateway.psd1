@{
    # Its initializer makes SSH.NET, YamlDotNet and the module's engine assemblies load privately (an
    # AssemblyLoadContext on PowerShell 7, an AssemblyResolve handler on 5.1): src/EmailGateway/Loading.
    RootModule           = 'EmailGateway.dll'
    # The one place the version is set: the build gives it to the assemblies (Directory.Build.props) and
    # copies this version's section of CHANGELOG.md into ReleaseNotes below.
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core', 'Desktop')
    GUID                 = '6f1f3c2e-8d0b-4b8e-9a57-2f4c1d7e0b91'
    Author               = 'EmailGateway contributors'
    CompanyName          = 'EmailGateway'
    Copyright            = '(c) EmailGateway contributors. MIT licence.'
    Description          = 'Inventory, consistency and desired-state checks, KB80406 workarounds and safe upgrade recipes for McAfee Email Gateway / EWS appliance clusters, with an embedded lab that simulates mixed-build clusters. One module for PowerShell 7.4+ and Windows PowerShell 5.1.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('EmailGateway.format.ps1xml')
    CmdletsToExport      = @(
        'New-GatewaySession',
        'Get-GatewaySession',
        'Remove-GatewaySession',
        'Get-GatewayNode',
        'Test-GatewayClusterConsistency',
        'Set-GatewayClusterId',
        'Set-GatewayClusterMode',
        'Set-GatewayNodeState',
        'Restart-GatewayNode',
        'Install-GatewayUpdate',
        'Get-GatewayUpgradePlan',
        'Invoke-GatewayClusterUpgrade',
        'Export-GatewayUpgradeReport',
        'Test-GatewaySmtpGreeting',
        'Test-GatewayDeviceProfile',
        'New-GatewayLab',
        'Get-GatewayLab',
        'Remove-GatewayLab',
        'Wait-GatewayLab',
        'Get-GatewayLabReport',
        'New-GatewayLabPackage',
        'Set-GatewayLabFault'
    )
    # Kept explicit (no wildcards) so that command discovery needs no assembly load;
    # pester/Manifest.Tests.ps1 checks it against the classes that carry [Cmdlet]. Every list is one
    # comma-separated expression: with one value per statement, Import-Module compiles the manifest and
    # runs it as a script; plain values it reads without compiling (about 70 methods fewer to JIT-compile
    # at import).
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('McAfee', 'EmailGateway', 'MEG', 'EWS', 'Cluster', 'Upgrade', 'SMTP', 'HELO', 'VRRP', 'KB80406', 'DesiredState', 'Lab', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://github.com/EmailGateway/EmailGateway/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/EmailGateway/EmailGateway'
            # Written by the build from CHANGELOG.md, the section of ModuleVersion.
            ReleaseNotes = ''
        }
    }
}
