BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    $script:DesiredYaml = @'
clusters:
  - clusterId: 12
    build: 7.6.4 P3
    virtualIp: 192.0.2.10
    greeting: mail.example.com
    members:
      - { name: meg1, mode: master }
      - { name: meg2, mode: failover }
      - { name: meg3, mode: scanner }
      - { name: meg4, mode: scanner }
'@
}

Describe 'Test-GatewayClusterConsistency -DesiredStatePath' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        $script:Path = Join-Path $TestDrive 'desired.yaml'
        Set-Content -Path $script:Path -Value $script:DesiredYaml
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'a Healthy lab matches the desired state' {
        New-GatewayLab -Preset Healthy | Out-Null
        $result = Test-GatewayClusterConsistency -DesiredStatePath $script:Path
        $result.InDesiredState | Should -BeTrue
        $result.Findings | Should -BeNullOrEmpty
        Test-GatewayClusterConsistency -DesiredStatePath $script:Path -Quiet | Should -BeTrue
    }

    It 'the KB80406 lab differs in build and greeting' {
        New-GatewayLab -Preset KB80406 | Out-Null
        $result = Test-GatewayClusterConsistency -DesiredStatePath $script:Path
        $desired = $result.Findings | Where-Object RuleId -like 'Desired*'
        ($desired | Where-Object RuleId -eq 'DesiredBuild').Nodes | Should -Be 'meg2'
        ($desired | Where-Object RuleId -eq 'DesiredGreeting').Nodes | Should -Be 'meg2'
        $desired.RuleId | Should -Not -Contain 'DesiredMembers'
        Test-GatewayClusterConsistency -DesiredStatePath $script:Path -Quiet | Should -BeFalse
    }

    It 'reports a member moved to another cluster, a mode changed and a virtual IP changed' {
        New-GatewayLab -Preset Healthy | Out-Null
        Set-GatewayNodeState -ComputerName meg4 -State Offline -Confirm:$false
        Set-GatewayClusterId -ComputerName meg4 -ClusterId 13 -Confirm:$false
        Set-GatewayNodeState -ComputerName meg2 -State Offline -Confirm:$false
        Set-GatewayClusterMode -ComputerName meg2 -Mode Failover -VirtualIp 192.0.2.99 -Confirm:$false
        Set-GatewayNodeState -ComputerName meg3 -State Offline -Confirm:$false
        Set-GatewayClusterMode -ComputerName meg3 -Mode Standalone -Confirm:$false
        $results = Test-GatewayClusterConsistency -DesiredStatePath $script:Path
        $twelve = $results | Where-Object ClusterId -eq 12
        ($twelve.Findings | Where-Object RuleId -eq 'DesiredClusterId').Nodes | Should -Be 'meg4'
        ($twelve.Findings | Where-Object RuleId -eq 'DesiredMode').Nodes | Should -Be 'meg3'
        ($twelve.Findings | Where-Object RuleId -eq 'DesiredVirtualIp').Nodes | Should -Be 'meg2'
    }

    It 'reports a member that cannot be read, and -Quiet is false' {
        New-GatewayLab -Preset Healthy | Out-Null
        Set-GatewayLabFault -ComputerName meg4 -Fault Unreachable -Confirm:$false
        $errors = $null
        $result = Test-GatewayClusterConsistency -DesiredStatePath $script:Path -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        ($result.Findings | Where-Object RuleId -eq 'DesiredMembers').Nodes | Should -Be 'meg4'
        Test-GatewayClusterConsistency -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'refuses a malformed file with a clear error before reading any node' {
        New-GatewayLab -Preset Healthy | Out-Null
        Set-Content -Path $script:Path -Value "clusters:`n  - clusterId: 12`n    bulid: 7.6.4 P3"
        $thrown = { Test-GatewayClusterConsistency -DesiredStatePath $script:Path -ErrorAction Stop } |
            Should -Throw -ErrorId 'TestGatewayClusterConsistencyInvalidDesiredState,EmailGateway.Commands.TestGatewayClusterConsistencyCommand' -PassThru
        $thrown.Exception.Message | Should -Match 'line 3'
        $thrown.Exception.Message | Should -Match 'bulid'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'names a missing file' {
        { Test-GatewayClusterConsistency -DesiredStatePath (Join-Path $TestDrive 'none.yaml') -ErrorAction Stop } |
            Should -Throw -ErrorId 'TestGatewayClusterConsistencyFileNotFound,EmailGateway.Commands.TestGatewayClusterConsistencyCommand'
    }
}

Describe 'Exit code for schedulers' {
    It 'a script ends with exit code <Expected> for the <Preset> lab' -ForEach @(
        @{ Preset = 'Healthy'; Expected = 0 }, @{ Preset = 'KB80406'; Expected = 1 }
    ) {
        $script = @"
Import-Module '$(Join-Path $script:ModuleDir 'EmailGateway.psd1')'
New-GatewayLab -Preset $Preset | Out-Null
exit `$(if (Test-GatewayClusterConsistency -Quiet) { 0 } else { 1 })
"@
        $file = Join-Path $TestDrive "check-$Preset.ps1"
        Set-Content -Path $file -Value $script
        $native = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        if (Test-Path $native) { & $native -NoProfile -NonInteractive -File $file | Out-Null }
        else { & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $file | Out-Null }
        $LASTEXITCODE | Should -Be $Expected
    }
}
