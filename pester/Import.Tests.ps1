# What Import-Module loads: only what the first command needs. The lab, the SMTP client (MailKit, MimeKit)
# and the DNS client load when a command uses them. Each case runs in a child PowerShell, since this one has
# loaded them already.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    $script:Scenario = @'
$ErrorActionPreference = 'Stop'
function Loaded { @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -in 'EmailGateway.Core', 'EmailGateway.Lab', 'MailKit', 'MimeKit', 'DnsClient' } | Sort-Object) }
$result = [ordered]@{}
try {
    Import-Module '{MODULE}'
    $result.AfterImport = Loaded
    $null = Get-Command -Module EmailGateway
    $null = Get-GatewaySession
    $null = Get-GatewayNode -WarningAction SilentlyContinue
    $result.AfterFirstCommands = Loaded
    New-GatewayLab -Preset Healthy -Name Import | Out-Null
    $result.AfterNewLab = Loaded
    $result.Error = $null
}
catch { $result.Error = "$_" }
$result | ConvertTo-Json -Compress
'@
}

Describe 'Import-Module loads only what the first command needs' {
    BeforeAll {
        $script:Result = Invoke-ChildScenario $script:Scenario.Replace('{MODULE}', (Join-Path $script:ModuleDir 'EmailGateway.psd1'))
    }

    It 'runs the scenario' {
        $script:Result.Error | Should -BeNullOrEmpty
    }

    It 'loads neither the lab nor MailKit, MimeKit or DnsClient at import' {
        $script:Result.AfterImport | Should -Not -Contain 'EmailGateway.Lab'
        $script:Result.AfterImport | Should -Not -Contain 'MailKit'
        $script:Result.AfterImport | Should -Not -Contain 'MimeKit'
        $script:Result.AfterImport | Should -Not -Contain 'DnsClient'
    }

    It 'still loads none of them for commands that do not use them' {
        $script:Result.AfterFirstCommands | Should -Not -Contain 'EmailGateway.Lab'
        $script:Result.AfterFirstCommands | Should -Not -Contain 'MailKit'
        $script:Result.AfterFirstCommands | Should -Not -Contain 'DnsClient'
    }

    It 'loads the lab when a lab is made' {
        $script:Result.AfterNewLab | Should -Contain 'EmailGateway.Lab'
    }
}
