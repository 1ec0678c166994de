@{
    RootModule           = 'EmailGateway.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core', 'Desktop')
    GUID                 = '6f1f3c2e-8d0b-4b8e-9a57-2f4c1d7e0b91'
    Author               = 'EmailGateway contributors'
    CompanyName          = 'EmailGateway'
    Copyright            = '(c) EmailGateway contributors. MIT licence.'
    Description          = 'Inventory, consistency checks, KB80406 workarounds and safe upgrade recipes for McAfee Email Gateway / EWS appliance clusters, with an embedded lab that simulates mixed-build clusters.'
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('EmailGateway.format.ps1xml')
    CmdletsToExport      = @(
        'New-GatewaySession'
        'Get-GatewaySession'
        'Remove-GatewaySession'
        'Get-GatewayNode'
        'Test-GatewayClusterConsistency'
        'Set-GatewayClusterId'
        'Set-GatewayClusterMode'
        'Set-GatewayNodeState'
        'Restart-GatewayNode'
        'Install-GatewayUpdate'
        'Test-GatewaySmtpGreeting'
        'New-GatewayLab'
        'Get-GatewayLab'
        'Remove-GatewayLab'
        'Wait-GatewayLab'
        'Get-GatewayLabReport'
        'New-GatewayLabPackage'
        'Set-GatewayLabFault'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('McAfee', 'EmailGateway', 'MEG', 'EWS', 'Cluster', 'Upgrade', 'SMTP', 'VRRP', 'KB80406', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://example.invalid/EmailGateway'
            ReleaseNotes = 'First release: model, lab, consistency rules and node cmdlets.'
        }
    }
}
