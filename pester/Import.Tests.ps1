# What Import-Module loads: not even Core, which the first command loads. The lab, the SMTP client
# (MailKit, MimeKit) and the DNS client load when a command uses them; an upgrade of real appliances loads
# the lab only to rehearse. Each case runs in a child PowerShell, since this one has loaded them already.
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

    It 'loads neither Core nor the lab, MailKit, MimeKit or DnsClient at import' {
        $script:Result.AfterImport | Should -Not -Contain 'EmailGateway.Core'
        $script:Result.AfterImport | Should -Not -Contain 'EmailGateway.Lab'
        $script:Result.AfterImport | Should -Not -Contain 'MailKit'
        $script:Result.AfterImport | Should -Not -Contain 'MimeKit'
        $script:Result.AfterImport | Should -Not -Contain 'DnsClient'
    }

    It 'loads Core with the first command, and none of the others for commands that do not use them' {
        # Also shows that the check sees the module's private load context, where Core and the lab live.
        $script:Result.AfterFirstCommands | Should -Contain 'EmailGateway.Core'
        $script:Result.AfterFirstCommands | Should -Not -Contain 'EmailGateway.Lab'
        $script:Result.AfterFirstCommands | Should -Not -Contain 'MailKit'
        $script:Result.AfterFirstCommands | Should -Not -Contain 'DnsClient'
    }

    It 'loads the lab when a lab is made' {
        $script:Result.AfterNewLab | Should -Contain 'EmailGateway.Lab'
    }
}

Describe 'A replay of an earlier process''s assembly loads loads neither Core nor the lab at import' {
    # PowerShell turns on the runtime's startup JIT profile (in its cache folder, XDG_CACHE_HOME on Linux):
    # each process replays, on a background thread, the assembly loads of the one before. The first child
    # does much else before it imports the module and makes a lab, so the second one's replay reaches the
    # module's assemblies well after its import.
    BeforeAll {
        $module = Join-Path $script:ModuleDir 'EmailGateway.psd1'
        $cache = Join-Path $TestDrive 'cache'
        $null = New-Item -ItemType Directory -Path $cache
        $saved = $env:XDG_CACHE_HOME
        try {
            $env:XDG_CACHE_HOME = $cache
            $null = Invoke-ChildScenario (@'
$null = Get-Command | Out-String
$null = 1..50 | ForEach-Object { [pscustomobject]@{ Index = $_ } } | ConvertTo-Json | ConvertFrom-Json | Format-List | Out-String
$null = Get-ChildItem -Path $PSHOME | Sort-Object Name | Group-Object Extension | Format-Table | Out-String
Import-Module '{MODULE}'
$null = Get-GatewaySession
New-GatewayLab -Preset Healthy -Name Replay | Out-Null
@{ Error = $null } | ConvertTo-Json -Compress
'@).Replace('{MODULE}', $module)
            $script:Result = Invoke-ChildScenario (@'
Import-Module '{MODULE}'
Start-Sleep -Milliseconds 1500
@{ Loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -like 'EmailGateway*' } | Sort-Object) } | ConvertTo-Json -Compress
'@).Replace('{MODULE}', $module)
        }
        finally { $env:XDG_CACHE_HOME = $saved }
    }

    It 'keeps the module''s engine assemblies unloaded until a command needs them' {
        $script:Result.Loaded | Should -Contain 'EmailGateway'
        $script:Result.Loaded | Should -Not -Contain 'EmailGateway.Core'
        $script:Result.Loaded | Should -Not -Contain 'EmailGateway.Lab'
    }
}

Describe 'An upgrade of real appliances loads the lab only to rehearse' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../tools/SshdLab/SshdLab.psm1') -Force
        $script:LabSkipReason = Get-SshdLabSkipReason
        if ($script:LabSkipReason) { return }
        # Lab time runs 600 times real time behind sshd, so the takeovers of a run take moments.
        $script:Lab = Start-SshdLab -AppliancePath (Find-ApplianceProgram -Root (Join-Path $PSScriptRoot '..')) -Appliances 4 -FirstOctet 80 `
            -LabArguments @('--preset', 'Healthy', '--time-scale', '600')
        $journal = Join-Path $script:Lab.Directory 'journal.json'
        # Made here, where the lab is loaded already: the child only uploads and installs it.
        $package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'meg-7.6.4-P4.pkg') -PayloadKiB 8 -Force
        $targets = ($script:Lab.Addresses | ForEach-Object { "'${_}:$($script:Lab.Port)'" }) -join ', '
        $scenario = @'
$ErrorActionPreference = 'Stop'
function Loaded { @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -in 'EmailGateway.Lab', 'MailKit', 'DnsClient' } | Sort-Object) }
$result = [ordered]@{}
try {
    Import-Module '{MODULE}'
    New-GatewaySession -ComputerName {TARGETS} -KeyFilePath '{KEY}' -KnownHostsPath '{KNOWN}' -Credential ([pscredential]::new('{USER}', [securestring]::new())) | Out-Null
    $nodes = @(Get-GatewayNode)
    $null = $nodes | Get-GatewayUpgradePlan -Path '{PACKAGE}' -Strategy FailoverPromotion
    $result.AfterPlan = Loaded
    $report = $nodes | Invoke-GatewayClusterUpgrade -Path '{PACKAGE}' -Sha256 {SHA256} -Strategy FailoverPromotion -JournalPath '{JOURNAL}' -Confirm:$false
    $result.Result = "$($report.Result)"
    $result.AfterRun = Loaded
    $result.Error = $null
}
catch { $result.Error = "$_" }
$result | ConvertTo-Json -Compress
'@
        $scenario = $scenario.Replace('{MODULE}', (Join-Path $script:ModuleDir 'EmailGateway.psd1')).Replace('{TARGETS}', $targets).Replace('{KEY}', $script:Lab.ClientKeyPath).
            Replace('{KNOWN}', $script:Lab.KnownHostsPath).Replace('{USER}', $script:Lab.UserName).Replace('{JOURNAL}', $journal).
            Replace('{PACKAGE}', $package.Path).Replace('{SHA256}', $package.Sha256)
        $script:Result = Invoke-ChildScenario $scenario
    }

    AfterAll {
        if ($script:Lab) { Stop-SshdLab $script:Lab }
    }

    BeforeEach {
        if ($script:LabSkipReason) { Set-ItResult -Skipped -Because $script:LabSkipReason }
    }

    It 'plans and runs an upgrade over SSH' {
        $script:Result.Error | Should -BeNullOrEmpty
        $script:Result.Result | Should -Be 'Succeeded'
    }

    It 'loads neither the lab nor MailKit or DnsClient to plan or to run without -Rehearse' {
        $script:Result.PSObject.Properties.Name | Should -Contain 'AfterRun'
        $script:Result.AfterPlan | Should -BeNullOrEmpty
        $script:Result.AfterRun | Should -BeNullOrEmpty
    }
}
