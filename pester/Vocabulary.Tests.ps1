# One vocabulary across the cmdlets: node objects bind as -Node, names as -ComputerName, every timeout is
# ...TimeoutSeconds (earlier names kept as aliases), every fan-out takes -ThrottleLimit, -Path binds from FullName.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Commands = Get-Command -Module EmailGateway -CommandType Cmdlet

    function Get-BoundParameter([scriptblock] $Pipeline) {
        # The parameters PowerShell bound pipeline input to, from its own binding trace.
        $trace = Join-Path $TestDrive "binding-$([guid]::NewGuid().ToString('N')).txt"
        Trace-Command -Name ParameterBinding -Expression $Pipeline -FilePath $trace | Out-Null
        $bound = Select-String -Path $trace -Pattern 'BIND arg \[.*\] to param \[(\w+)\] SUCCESSFUL' | ForEach-Object { $_.Matches[0].Groups[1].Value }
        @($bound | Select-Object -Unique)
    }
}

Describe 'One vocabulary' {
    BeforeAll {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Vocabulary | Out-Null
        $script:Package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'vocabulary.pkg')
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'node objects bind as -Node (alias InputObject) on every cmdlet that takes them' {
        $takers = foreach ($command in $script:Commands) {
            foreach ($parameter in $command.Parameters.Values) {
                # The typed node, or the node as the cmdlets write it (which binds before its ComputerName could bind by name).
                if ($parameter.ParameterType.FullName -in 'EmailGateway.Model.GatewayNode[]', 'EmailGateway.Output.NodeOutput[]') {
                    [pscustomobject]@{ Command = $command.Name; Parameter = $parameter }
                }
            }
        }
        $takers.Command | Sort-Object | Should -Be @('Get-GatewayNode', 'Get-GatewayUpgradePlan', 'Install-GatewayUpdate', 'Invoke-GatewayClusterUpgrade',
            'New-GatewayLab', 'Restart-GatewayNode', 'Set-GatewayClusterId', 'Set-GatewayClusterMode', 'Set-GatewayLabFault', 'Set-GatewayNodeState',
            'Test-GatewayClusterConsistency')
        foreach ($taker in $takers) {
            $taker.Parameter.Name | Should -Be 'Node' -Because $taker.Command
            $taker.Parameter.Aliases | Should -Contain 'InputObject' -Because $taker.Command
            $taker.Parameter.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipeline | Should -Contain $true -Because $taker.Command
        }
    }

    It 'no parameter but -Node is called Node, not even by alias' {
        foreach ($command in $script:Commands) {
            foreach ($parameter in $command.Parameters.Values | Where-Object Name -ne 'Node') {
                $parameter.Aliases | Should -Not -Contain 'Node' -Because "$($command.Name) -$($parameter.Name)"
            }
        }
    }

    It 'piped nodes bind to -Node on <Name>' -ForEach @(
        @{ Name = 'Set-GatewayNodeState'; Run = { $node | Set-GatewayNodeState -State Offline -WhatIf } }
        @{ Name = 'Set-GatewayClusterMode'; Run = { $node | Set-GatewayClusterMode -Mode Scanner -WhatIf } }
        @{ Name = 'Set-GatewayClusterId'; Run = { $node | Set-GatewayClusterId -ClusterId 12 -WhatIf } }
        @{ Name = 'Set-GatewayLabFault'; Run = { $node | Set-GatewayLabFault -Fault Unreachable -WhatIf } }
        @{ Name = 'Install-GatewayUpdate'; Run = { $node | Install-GatewayUpdate -Path $script:Package.Path -WhatIf } }
        @{ Name = 'Restart-GatewayNode'; Run = { $node | Restart-GatewayNode -WhatIf } }
        @{ Name = 'Get-GatewayNode'; Run = { $node | Get-GatewayNode | Out-Null } }
        @{ Name = 'Test-GatewayClusterConsistency'; Run = { $node | Test-GatewayClusterConsistency | Out-Null } }
    ) {
        # The node is read first, outside the trace, so only the cmdlet under test binds.
        $node = Get-GatewayNode -ComputerName meg3
        $bound = Get-BoundParameter $Run
        $bound | Should -Contain 'Node'
        $bound | Should -Not -Contain 'ComputerName'
    }

    It 'a change through -Node acts on the node''s session' {
        Get-GatewayNode -ComputerName meg4 | Set-GatewayNodeState -State Offline -Force -Confirm:$false
        (Get-GatewayNode -ComputerName meg4).NetworkState | Should -Be 'Offline'
        Get-GatewayNode -ComputerName meg4 | Set-GatewayLabFault -Fault Unreachable -PassThru | Select-Object -ExpandProperty Unreachable | Should -BeTrue
        Get-GatewayNode -ComputerName meg3 | Set-GatewayLabFault -Clear | Out-Null
        Set-GatewayLabFault -ComputerName meg4 -Clear
        Set-GatewayNodeState -ComputerName meg4 -State Online -Force -Confirm:$false
    }

    It 'every timeout is named ...TimeoutSeconds and counts whole seconds; the earlier names are aliases' {
        foreach ($command in $script:Commands) {
            foreach ($parameter in $command.Parameters.Values | Where-Object Name -like '*Timeout*') {
                $parameter.Name | Should -BeLike '*TimeoutSeconds' -Because "$($command.Name) -$($parameter.Name)"
                $parameter.ParameterType | Should -Be ([int]) -Because "$($command.Name) -$($parameter.Name)"
            }
        }
        (Get-ParameterInfo New-GatewaySession ConnectTimeoutSeconds).Aliases | Should -Contain 'ConnectTimeout'
        (Get-ParameterInfo New-GatewaySession CommandTimeoutSeconds).Aliases | Should -Contain 'CommandTimeout'
        (Get-ParameterInfo Install-GatewayUpdate UpdateTimeoutSeconds).Aliases | Should -Contain 'TimeoutSeconds'
        (Get-ParameterInfo Restart-GatewayNode RestartTimeoutSeconds).Aliases | Should -Contain 'TimeoutSeconds'
        # An earlier name still runs.
        Restart-GatewayNode -ComputerName meg3 -TimeoutSeconds 60 -WhatIf
    }

    It 'every cmdlet that works on several nodes at once takes -ThrottleLimit' {
        foreach ($name in 'Get-GatewayNode', 'Restart-GatewayNode', 'Set-GatewayClusterId', 'Set-GatewayClusterMode', 'Set-GatewayNodeState',
            'Install-GatewayUpdate', 'Test-GatewayClusterConsistency', 'New-GatewaySession', 'Get-GatewayUpgradePlan', 'Invoke-GatewayClusterUpgrade',
            'Test-GatewaySmtpGreeting') {
            (Get-Command $name).Parameters.Keys | Should -Contain 'ThrottleLimit' -Because $name
        }
    }

    It '-Path binds from a piped file''s FullName on <_>' -ForEach 'Install-GatewayUpdate', 'Get-GatewayUpgradePlan', 'Invoke-GatewayClusterUpgrade', 'New-GatewayLab' {
        $path = Get-ParameterInfo $_ Path
        $path.Aliases | Should -Contain 'FullName'
        $path.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
    }

    It 'a piped package file plans the upgrade to its build' {
        $names = (Get-GatewayNode).ComputerName
        $file = Get-Item $script:Package.Path
        $bound = Get-BoundParameter { $file | Get-GatewayUpgradePlan -ComputerName $names -Strategy MasterInPlace -AsPlan -ErrorAction SilentlyContinue | Out-Null }
        $bound | Should -Contain 'Path'
        $plan = $file | Get-GatewayUpgradePlan -ComputerName $names -Strategy MasterInPlace -AsPlan -ErrorAction SilentlyContinue
        $plan.TargetBuild | Should -Be '7.6.4 P4'
    }

    It 'piped lab descriptions make one lab each, named after its file' {
        $first = Join-Path $TestDrive 'north.yaml'
        $second = Join-Path $TestDrive 'south.yaml'
        foreach ($site in 'north', 'south') {
            @"
settings: { name: pair, virtualIp: 192.0.2.20 }
nodes:
  - { name: $site-m1, build: 7.6.4 P3, mode: master, clusterId: 3, virtualIp: 192.0.2.20, address: 192.0.2.21, helo: mail.example.com, sync: source }
  - { name: $site-f1, build: 7.6.4 P3, mode: failover, clusterId: 3, virtualIp: 192.0.2.20, address: 192.0.2.22, helo: mail.example.com, sync: in-sync }
"@ | Set-Content -Path (Join-Path $TestDrive "$site.yaml")
        }
        $labs = Get-Item $first, $second | New-GatewayLab
        $labs.Name | Should -Be @('north', 'south')
        (Get-GatewaySession -LabName north).ComputerName | Sort-Object | Should -Be @('north-f1', 'north-m1')
        (Get-GatewaySession -LabName south).ComputerName | Sort-Object | Should -Be @('south-f1', 'south-m1')
        Remove-GatewayLab -Name north, south -Confirm:$false
    }
}
