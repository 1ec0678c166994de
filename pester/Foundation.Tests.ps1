BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Module' {
    It 'exports the foundation cmdlets' {
        $names = (Get-Command -Module EmailGateway).Name
        foreach ($expected in 'New-GatewayLab', 'Get-GatewayLab', 'Remove-GatewayLab', 'Wait-GatewayLab', 'Get-GatewayLabReport',
            'New-GatewayLabPackage', 'Set-GatewayLabFault', 'Get-GatewaySession', 'Get-GatewayNode', 'Test-GatewayClusterConsistency',
            'Set-GatewayClusterId', 'Set-GatewayClusterMode', 'Set-GatewayNodeState', 'Restart-GatewayNode', 'Install-GatewayUpdate') {
            $names | Should -Contain $expected
        }
    }

    It 'passes Test-ModuleManifest' {
        $manifest = Test-ModuleManifest (Join-Path $script:ModuleDir 'EmailGateway.psd1') -ErrorAction Stop
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($command in Get-Command -Module EmailGateway) { $approved | Should -Contain $command.Verb }
    }
}

Describe 'Parameter surface' {
    It '<Command> supports ShouldProcess with ConfirmImpact <Impact>' -ForEach @(
        @{ Command = 'Set-GatewayClusterId'; Impact = 'Medium' }
        @{ Command = 'Set-GatewayClusterMode'; Impact = 'High' }
        @{ Command = 'Set-GatewayNodeState'; Impact = 'High' }
        @{ Command = 'Restart-GatewayNode'; Impact = 'High' }
        @{ Command = 'Install-GatewayUpdate'; Impact = 'High' }
        @{ Command = 'Remove-GatewayLab'; Impact = 'Medium' }
        @{ Command = 'Set-GatewayLabFault'; Impact = 'Low' }
    ) {
        $info = Get-Command $Command
        $info.Parameters.Keys | Should -Contain 'WhatIf'
        $info.Parameters.Keys | Should -Contain 'Confirm'
        $attribute = $info.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0]
        $attribute.ConfirmImpact | Should -Be $Impact
    }

    It '<Command> binds -ComputerName from the pipeline by property name' -ForEach @(
        @{ Command = 'Get-GatewayNode' }, @{ Command = 'Set-GatewayClusterId' }, @{ Command = 'Set-GatewayClusterMode' },
        @{ Command = 'Set-GatewayNodeState' }, @{ Command = 'Restart-GatewayNode' }, @{ Command = 'Install-GatewayUpdate' },
        @{ Command = 'Test-GatewayClusterConsistency' }, @{ Command = 'Set-GatewayLabFault' }
    ) {
        $parameter = Get-ParameterInfo $Command 'ComputerName'
        $parameter.ParameterType | Should -Be ([string[]])
        ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
    }

    It '-ClusterId of Set-GatewayClusterId is mandatory and limited to 0-255' {
        $parameter = Get-ParameterInfo 'Set-GatewayClusterId' 'ClusterId'
        $range = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] }
        $range.MinRange | Should -Be 0
        $range.MaxRange | Should -Be 255
        ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -Contain $true
    }

    It '<Command> declares its output type' -ForEach @(
        @{ Command = 'Get-GatewayNode'; Type = 'EmailGateway.Output.NodeOutput' }
        @{ Command = 'Set-GatewayNodeState'; Type = 'EmailGateway.Output.NodeOutput' }
        @{ Command = 'Test-GatewayClusterConsistency'; Type = 'EmailGateway.Output.ConsistencyOutput' }
        @{ Command = 'Get-GatewaySession'; Type = 'EmailGateway.Sessions.GatewaySession' }
    ) {
        (Get-Command $Command).OutputType.Name | Should -Contain $Type
    }

    It '-State takes Online and Offline only' {
        (Get-ParameterInfo 'Set-GatewayNodeState' 'State').ParameterType.GetEnumNames() | Should -Be @('Online', 'Offline')
    }
}

Describe 'KB80406 lab through the cmdlets' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        $script:lab = New-GatewayLab -Preset KB80406 -Name Spec
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'shows the lab nodes as sessions' {
        $sessions = Get-GatewaySession -LabName Spec
        $sessions.ComputerName | Should -Be @('meg1', 'meg2', 'meg3', 'meg4')
        $sessions[0].Kind | Should -Be 'Lab'
    }

    It 'says how to open something when nothing is open' {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        Get-GatewaySession | Remove-GatewaySession -Confirm:$false
        $nodes = Get-GatewayNode -WarningVariable hint -WarningAction SilentlyContinue
        $nodes | Should -BeNullOrEmpty
        $hint.Count | Should -Be 1
        "$hint" | Should -Match 'No node is open\. Open appliances with New-GatewaySession .*New-GatewayLab'
    }

    It 'processes every lab piped in, each under its own name' {
        New-GatewayLab -Preset Healthy -Name Second -Prefix s2- | Out-Null
        $reports = Get-GatewayLab | Get-GatewayLabReport
        @($reports.LabName | Sort-Object) | Should -Be @('Second', 'Spec')
        (Get-GatewayLabReport -Name Spec).LabName | Should -Be 'Spec'
        $waited = Get-GatewayLab | Wait-GatewayLab -Duration 00:01:00 -PassThru
        @($waited.Name | Sort-Object) | Should -Be @('Second', 'Spec')
    }

    It 'takes the update package from a piped file (FullName)' {
        $package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'pipe.pkg')
        Set-GatewayNodeState -ComputerName meg3 -State Offline -Confirm:$false
        $node = Get-Item $package.Path | Install-GatewayUpdate -ComputerName meg3 -PassThru -Confirm:$false
        $node.Build.ToString() | Should -Be '7.6.4 P4'
    }

    It 'reads every node with its status' {
        $nodes = Get-GatewayNode
        $nodes.Count | Should -Be 4
        $failover = $nodes | Where-Object Mode -eq Failover
        $failover.Build.ToString() | Should -Be '7.6.4 P4'
        $failover.Sync | Should -Be 'Corrupt'
        $failover.Helo | Should -Be 'scmgateway'
        $nodes[0].PSObject.TypeNames[0] | Should -Be 'EmailGateway.GatewayNode'
    }

    It 'filters by cluster id and mode' {
        (Get-GatewayNode -Mode Scanner).Count | Should -Be 2
        Get-GatewayNode -ClusterId 99 | Should -BeNullOrEmpty
    }

    It '-ClusterId binds from a number or its text, and the nodes show it as a plain number' {
        (Get-GatewayNode -ClusterId 12).Count | Should -Be 4
        (Get-GatewayNode -ClusterId '12').Count | Should -Be 4
        (Test-GatewayClusterConsistency -ClusterId '12', 13).ClusterId | Should -Be 12
        (Get-GatewayNode -ComputerName meg1).ClusterId | Should -BeOfType [int]
        (Get-GatewayNode -ComputerName meg1 | ConvertTo-Json | ConvertFrom-Json).ClusterId | Should -Be 12
        (Get-GatewayNode -ComputerName meg1).Segment | Should -Be 'Spec' -Because 'a lab is a network segment of its own, named after the lab'
    }

    It '-ClusterId <Bad> is refused with the reason, not rounded' -ForEach @(
        @{ Bad = 1.5 }, @{ Bad = '' }, @{ Bad = '12.0.1' }
    ) {
        $failure = $null
        try { Get-GatewayNode -ClusterId $Bad -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'CannotConvertArgumentNoMessage,EmailGateway.Commands.GetGatewayNodeCommand'
        $failure.Exception.Message | Should -Match ([regex]::Escape("'$Bad' is not a cluster identifier: expected a whole number 0-255"))
    }

    It 'finds the hazard: one result for the cluster, not in desired state' {
        $result = Test-GatewayClusterConsistency
        @($result).Count | Should -Be 1
        $result.ClusterId | Should -Be 12
        $result.InDesiredState | Should -BeFalse
        $result.Findings.RuleId | Should -Contain 'MixedBuild'
        $result.Findings.RuleId | Should -Contain 'FallbackGreeting'
        $result.Findings.RuleId | Should -Contain 'ConfigNotInSync'
        ($result.Findings | Where-Object RuleId -eq 'MixedBuild').Remediation | Should -Match 'KB80406'
        Test-GatewayClusterConsistency -Quiet | Should -BeFalse
    }

    It '-DnsServer without -CheckDns is refused' {
        { Test-GatewayClusterConsistency -DnsServer 127.0.0.53 -ErrorAction Stop } | Should -Throw -ErrorId 'TestGatewayClusterConsistencyDnsServerWithoutCheckDns,EmailGateway.Commands.TestGatewayClusterConsistencyCommand'
    }

    It 'checks piped nodes as given' {
        $result = Get-GatewayNode | Where-Object Mode -ne Failover | Test-GatewayClusterConsistency
        $result.InDesiredState | Should -BeTrue
    }

    It 'composes: Get-GatewayNode | Where-Object Mode -eq Failover | Set-GatewayNodeState -State Offline -PassThru' {
        $changed = Get-GatewayNode | Where-Object Mode -eq Failover | Set-GatewayNodeState -State Offline -PassThru -Confirm:$false
        $changed.ComputerName | Should -Be 'meg2'
        $changed.NetworkState | Should -Be 'Offline'
        (Get-GatewayNode -ComputerName meg2).NetworkState | Should -Be 'Offline'
        (Get-GatewayNode -ComputerName meg1).NetworkState | Should -Be 'Online'
    }

    It '-WhatIf changes nothing' {
        $timelineBefore = (Get-GatewayLabReport).Timeline.Count
        $timeBefore = (Get-GatewayLab -Name Spec).Now
        Get-GatewayNode | Set-GatewayNodeState -State Offline -WhatIf
        Set-GatewayClusterId -ComputerName meg2 -ClusterId 40 -WhatIf
        Set-GatewayClusterMode -ComputerName meg2 -Mode Standalone -WhatIf
        Restart-GatewayNode -ComputerName meg2 -WhatIf
        $nodes = Get-GatewayNode
        $nodes.NetworkState | Should -Not -Contain 'Offline'
        ($nodes | Where-Object ComputerName -eq meg2).ClusterId | Should -Be 12
        ($nodes | Where-Object ComputerName -eq meg2).Mode | Should -Be 'Failover'
        (Get-GatewayLabReport).Timeline.Count | Should -Be $timelineBefore -Because 'no command reached the lab'
        (Get-GatewayLab -Name Spec).Now | Should -Be $timeBefore -Because 'no restart was waited for'
    }

    It 'workaround 1: a separate cluster id for the upgraded failover clears the mixed build' {
        # Offline first: online and alone in cluster 13, the failover would claim the virtual IP (the guard refuses that).
        Set-GatewayNodeState -ComputerName meg2 -State Offline -Confirm:$false
        Set-GatewayClusterId -ComputerName meg2 -ClusterId 13 -Confirm:$false
        $results = Test-GatewayClusterConsistency
        $results.ClusterId | Should -Be @(12, 13)
        ($results | Where-Object ClusterId -eq 12).Findings.RuleId | Should -Not -Contain 'MixedBuild'
    }

    It 'rejects cluster id <Bad> with a clear error and changes nothing' -ForEach @(
        @{ Bad = 256 }, @{ Bad = -1 }, @{ Bad = 'abc' }, @{ Bad = 1.5 }, @{ Bad = '' }
    ) {
        $failure = $null
        try { Set-GatewayClusterId -ComputerName meg2 -ClusterId $Bad -Confirm:$false -ErrorAction Stop } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Match '^(ParameterArgumentValidationError|CannotConvertArgumentNoMessage),EmailGateway.Commands.SetGatewayClusterIdCommand$'
        $failure.Exception.Message | Should -Match 'ClusterId'
        $failure.Exception.Message | Should -Match ([regex]::Escape("$Bad"))
        (Get-GatewayNode -ComputerName meg2).ClusterId | Should -Be 12
    }

    It 'reports an unknown node per node with ErrorId SetGatewayNodeStateSessionNotFound and still acts on the others' {
        $errors = $null
        Set-GatewayNodeState -ComputerName nosuch, meg3 -State Offline -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'SetGatewayNodeStateSessionNotFound,EmailGateway.Commands.SetGatewayNodeStateCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be 'nosuch'
        (Get-GatewayNode -ComputerName meg3).NetworkState | Should -Be 'Offline'
    }

    It 'refuses to act on every node when none is named' {
        { Set-GatewayNodeState -State Offline -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'SetGatewayNodeStateNoTarget,EmailGateway.Commands.SetGatewayNodeStateCommand'
        (Get-GatewayNode).NetworkState | Should -Not -Contain 'Offline'
    }

    It 'reports appliance errors per node with the node as target' {
        Set-GatewayLabFault -ComputerName meg3 -Fault Unreachable -Confirm:$false
        $errors = $null
        $nodes = Get-GatewayNode -ErrorVariable errors -ErrorAction SilentlyContinue
        $nodes.Count | Should -Be 3
        $errors[0].FullyQualifiedErrorId | Should -Be 'GetGatewayNodeUnreachable,EmailGateway.Commands.GetGatewayNodeCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $errors[0].TargetObject | Should -Be 'meg3'
    }

    It 'restarts a node and waits on the lab clock' {
        $before = (Get-GatewayLab -Name Spec).Now
        $node = Restart-GatewayNode -ComputerName meg4 -PassThru -Confirm:$false
        $node.Power | Should -Be 'Running'
        ((Get-GatewayLab -Name Spec).Now - $before).TotalMinutes | Should -BeGreaterOrEqual 5
    }

    It 'installs an update package and waits for the new build' {
        $package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'p4.pkg')
        $package.Build.ToString() | Should -Be '7.6.4 P4'
        Set-GatewayNodeState -ComputerName meg3 -State Offline -Confirm:$false
        $node = Install-GatewayUpdate -ComputerName meg3 -Path $package.Path -PassThru -Confirm:$false
        $node.Build.ToString() | Should -Be '7.6.4 P4'
    }

    It 'refuses a package that is not one, naming the file, and changes nothing' {
        $bad = Join-Path $TestDrive 'bad.pkg'
        Set-Content $bad 'not a package'
        { Install-GatewayUpdate -ComputerName meg3 -Path $bad -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InstallGatewayUpdatePackageInvalid,EmailGateway.Commands.InstallGatewayUpdateCommand'
        (Get-GatewayNode -ComputerName meg3).Build.ToString() | Should -Be '7.6.4 P3'
    }
}

Describe 'Lab definitions' {
    AfterEach { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'refuses malformed lab YAML with a clear error and creates nothing' {
        $path = Join-Path $TestDrive 'bad.yaml'
        Set-Content $path "nodes:`n  - name: meg1`n    build: [unclosed"
        { New-GatewayLab -Path $path -Name Broken -ErrorAction Stop } | Should -Throw -ErrorId 'NewGatewayLabInvalidDefinition,EmailGateway.Commands.NewGatewayLabCommand'
        Get-GatewayLab | Should -BeNullOrEmpty
        Get-GatewaySession | Should -BeNullOrEmpty
    }

    It 'refuses a second lab whose node names are taken' {
        New-GatewayLab -Preset Healthy -Name One | Out-Null
        { New-GatewayLab -Preset Healthy -Name Two -ErrorAction Stop } | Should -Throw -ErrorId 'NewGatewayLabNameInUse,EmailGateway.Commands.NewGatewayLabCommand'
        (Get-GatewayLab).Name | Should -Be 'One'
    }

    It 'a Healthy lab is in desired state' {
        New-GatewayLab -Preset Healthy -Name Ok | Out-Null
        Test-GatewayClusterConsistency -Quiet | Should -BeTrue
    }

    It 'Wait-GatewayLab advances the virtual clock' {
        $lab = New-GatewayLab -Preset Healthy -Name Clock
        $start = $lab.Now
        Wait-GatewayLab -Duration (New-TimeSpan -Minutes 10)
        ((Get-GatewayLab -Name Clock).Now - $start).TotalMinutes | Should -Be 10
    }

    It 'Wait-GatewayLab rejects a negative duration' {
        New-GatewayLab -Preset Healthy -Name Neg | Out-Null
        { Wait-GatewayLab -Duration ([TimeSpan]::FromSeconds(-5)) -ErrorAction Stop } | Should -Throw -ErrorId 'WaitGatewayLabInvalidDuration,EmailGateway.Commands.WaitGatewayLabCommand'
    }
}
