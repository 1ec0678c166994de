# Bad input gets a clear error that names the problem, and changes nothing: YAML syntax errors in every file the
# module reads (file, line, reason, the documented ErrorId), inventory names, inventory defaults, and waits on a
# lab that are too long or interrupted.
BeforeDiscovery {
    # YamlDotNet reports the first two without a position; the module finds the line itself.
    $script:BrokenYaml = @(
        @{ Case = 'a key broken off inside a flow mapping'; Yaml = "{0}:`n  - {{ name: meg1, `nhstname: meg1.example.com }}`n" }
        @{ Case = 'stray indicators in a block mapping'; Yaml = "settings:`n : name: KB`n  virtualIp:] 192.0.2.10`n{0}: []`n" }
        @{ Case = 'an unclosed flow sequence'; Yaml = "settings: {{ name: x }}`n{0}: [ a, b`n" }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    function Get-Failure([scriptblock] $Action) {
        try { & $Action | Out-Null; $null } catch { $_ }
    }
}

Describe 'YAML syntax errors name the file, the line and the reason' {
    BeforeEach { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'a lab description with <Case>: NewGatewayLabInvalidDefinition, no lab' -ForEach $script:BrokenYaml {
        $path = Join-Path $TestDrive 'broken-lab.yaml'
        Set-Content -LiteralPath $path -Value ($Yaml -f 'nodes') -NoNewline
        $err = Get-Failure { New-GatewayLab -Path $path -Name Broken }
        $err.FullyQualifiedErrorId | Should -Be 'NewGatewayLabInvalidDefinition,EmailGateway.Commands.NewGatewayLabCommand'
        $err.Exception.Message | Should -Match ([regex]::Escape($path) + ', line \d+: not valid YAML: \w')
        $err.Exception.Message | Should -Not -Match 'current state of the object'
        Get-GatewayLab | Should -BeNullOrEmpty
    }

    It 'a desired-state file with <Case>: TestGatewayClusterConsistencyInvalidDesiredState, before any node is read' -ForEach $script:BrokenYaml {
        New-GatewayLab -Preset Healthy -Name Desired | Out-Null
        $path = Join-Path $TestDrive 'broken-desired.yaml'
        Set-Content -LiteralPath $path -Value ($Yaml -f 'clusters') -NoNewline
        $err = Get-Failure { Test-GatewayClusterConsistency -DesiredStatePath $path }
        $err.FullyQualifiedErrorId | Should -Be 'TestGatewayClusterConsistencyInvalidDesiredState,EmailGateway.Commands.TestGatewayClusterConsistencyCommand'
        $err.Exception.Message | Should -Match ', line \d+: not valid YAML: \w'
        $err.Exception.Message | Should -BeLike "*$(Split-Path $path -Leaf)*"
    }

    It 'an inventory with <Case>: NewGatewaySessionInvalidInventory, no session' -ForEach $script:BrokenYaml {
        $path = Join-Path $TestDrive 'broken-inventory.yaml'
        Set-Content -LiteralPath $path -Value (($Yaml -f 'appliances') -replace 'settings:', 'defaults:') -NoNewline
        $before = @(Get-GatewaySession).Count
        $err = Get-Failure { New-GatewaySession -InventoryPath $path }
        $err.FullyQualifiedErrorId | Should -Be 'NewGatewaySessionInvalidInventory,EmailGateway.Commands.NewGatewaySessionCommand'
        $err.Exception.Message | Should -Match ("The inventory '" + [regex]::Escape($path) + "' \(line \d+\): not valid: \w")
        @(Get-GatewaySession).Count | Should -Be $before
    }
}

Describe 'Inventory names and defaults' {
    BeforeAll {
        function Test-Inventory([string] $Yaml) {
            $path = Join-Path $TestDrive "inventory-$([guid]::NewGuid().ToString('N')).yaml"
            Set-Content -LiteralPath $path -Value $Yaml
            $before = @(Get-GatewaySession).Count
            $err = Get-Failure { New-GatewaySession -InventoryPath $path }
            @(Get-GatewaySession).Count | Should -Be $before -Because 'a refused inventory opens no session'
            $err
        }
    }

    It 'refuses <Case> before any connection' -ForEach @(
        @{ Case = 'a name with a line break'; Yaml = "appliances:`n  - { name: `"meg1\nmeg2`", host: 127.0.0.1 }"; Problem = "'meg1\\nmeg2' has a space, a line break" }
        @{ Case = 'a name with a wildcard'; Yaml = "appliances:`n  - { name: gw*, host: 127.0.0.1 }"; Problem = "'gw\*' has a wildcard character" }
        @{ Case = 'a name of 10 KB'; Yaml = "appliances:`n  - { name: $('g' * 10240), host: 127.0.0.1 }"; Problem = 'a name of 10240 characters is longer than 253' }
        @{ Case = 'a host with a space and no name'; Yaml = "appliances:`n  - { host: 'meg 1' }"; Problem = 'its host, its name when it has none' }
        @{ Case = 'a name in defaults'; Yaml = "defaults: { name: meg }`nappliances:`n  - { host: 127.0.0.1 }"; Problem = "'defaults:' gives name" }
        @{ Case = 'a host in defaults'; Yaml = "defaults: { host: 127.0.0.1 }`nappliances:`n  - { name: meg1 }"; Problem = "'defaults:' gives host" }
        @{ Case = 'a bad hostKeyFingerprint in defaults'; Yaml = "defaults: { hostKeyFingerprint: 'MD5:00' }`nappliances:`n  - { host: 127.0.0.1 }"; Problem = 'SHA256' }
        @{ Case = 'an unknown key in defaults'; Yaml = "defaults: { pasword: x }`nappliances:`n  - { host: 127.0.0.1 }"; Problem = 'line 1' }
    ) {
        $err = Test-Inventory $Yaml
        $err.FullyQualifiedErrorId | Should -Be 'NewGatewaySessionInvalidInventory,EmailGateway.Commands.NewGatewaySessionCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match $Problem
        $err.Exception.Message.Length | Should -BeLessThan 1000
    }
}

Describe 'Wait-GatewayLab is bounded and stops on Ctrl+C' {
    BeforeEach { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'refuses <Case> and leaves the lab''s time alone' -ForEach @(
        @{ Case = '[timespan]::MaxValue'; Duration = [timespan]::MaxValue }
        @{ Case = '100 years'; Duration = [timespan]::FromDays(36525) }
        @{ Case = '30 days and a second'; Duration = [timespan]::FromDays(30).Add([timespan]::FromSeconds(1)) }
    ) {
        New-GatewayLab -Preset Healthy -Name Bounded | Out-Null
        $before = (Get-GatewayLab -Name Bounded).Now
        $err = Get-Failure { Wait-GatewayLab -Name Bounded -Duration $Duration }
        $err.FullyQualifiedErrorId | Should -Be 'WaitGatewayLabInvalidDuration,EmailGateway.Commands.WaitGatewayLabCommand'
        $err.Exception.Message | Should -Match 'longer than 30 days'
        (Get-GatewayLab -Name Bounded).Now | Should -Be $before
    }

    It 'waits 30 days' {
        New-GatewayLab -Preset Healthy -Name Month | Out-Null
        $before = (Get-GatewayLab -Name Month).Now
        Wait-GatewayLab -Name Month -Duration ([timespan]::FromDays(30))
        (Get-GatewayLab -Name Month).Now | Should -Be $before.AddDays(30)
    }

    It 'stops on Ctrl+C at the event it reached, and the lab goes on working' {
        # A push every millisecond: 30 days are billions of events, so only Ctrl+C ends this wait.
        $description = Join-Path $TestDrive 'busy.yaml'
        Set-Content -LiteralPath $description -Value @'
settings: { name: Busy, virtualIp: 192.0.2.10, timings: { configPush: 1ms } }
nodes:
  - { name: busy1, build: 7.6.4 P3, mode: master, clusterId: 12, virtualIp: 192.0.2.10, address: 192.0.2.11, helo: mail.example.com, sync: source }
  - { name: busy2, build: 7.6.4 P3, mode: failover, clusterId: 12, virtualIp: 192.0.2.10, address: 192.0.2.12, helo: mail.example.com, sync: in-sync }
'@
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript("Import-Module '$(Join-Path $script:ModuleDir 'EmailGateway.psd1')'; New-GatewayLab -Path '$description' -Name Busy | Out-Null; (Get-GatewayLab -Name Busy).Now")
            $start = $ps.Invoke()[0]
            $ps.Commands.Clear()
            [void]$ps.AddScript('Wait-GatewayLab -Name Busy -Duration 30.00:00:00')
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 500
            $async.IsCompleted | Should -BeFalse
            $stop = $ps.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(60)) | Should -BeTrue -Because 'Ctrl+C must end the wait'
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Commands.Clear()
            [void]$ps.AddScript('Wait-GatewayLab -Name Busy -Duration 00:00:00.010; (Get-GatewayLab -Name Busy).Now; @(Get-GatewayNode -ComputerName busy*).Count')
            $after = $ps.Invoke()
            $after[0] | Should -BeGreaterThan $start
            $after[0] | Should -BeLessThan $start.AddDays(30)
            $after[1] | Should -Be 2
        }
        finally {
            $ps.Commands.Clear()
            [void]$ps.AddScript('Get-GatewayLab | Remove-GatewayLab -Confirm:$false').Invoke()
            $ps.Dispose()
        }
    }
}
