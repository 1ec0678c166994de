BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'meg-7.6.4-P4.pkg')
}

Describe 'Upgrade cmdlets: parameter surface' {
    It 'exports Get-GatewayUpgradePlan and Invoke-GatewayClusterUpgrade' {
        (Get-Command -Module EmailGateway).Name | Should -Contain 'Get-GatewayUpgradePlan'
        (Get-Command -Module EmailGateway).Name | Should -Contain 'Invoke-GatewayClusterUpgrade'
    }

    It 'Invoke-GatewayClusterUpgrade supports ShouldProcess with ConfirmImpact High' {
        $info = Get-Command Invoke-GatewayClusterUpgrade
        $info.Parameters.Keys | Should -Contain 'WhatIf'
        $info.Parameters.Keys | Should -Contain 'Confirm'
        $info.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact | Should -Be 'High'
    }

    It 'Get-GatewayUpgradePlan changes nothing and so has no -WhatIf' {
        (Get-Command Get-GatewayUpgradePlan).Parameters.Keys | Should -Not -Contain 'WhatIf'
    }

    It '<Command> takes -<Parameter>' -ForEach @(
        @{ Command = 'Get-GatewayUpgradePlan'; Parameter = 'Node' }, @{ Command = 'Get-GatewayUpgradePlan'; Parameter = 'Path' }
        @{ Command = 'Get-GatewayUpgradePlan'; Parameter = 'TargetBuild' }, @{ Command = 'Get-GatewayUpgradePlan'; Parameter = 'Strategy' }
        @{ Command = 'Get-GatewayUpgradePlan'; Parameter = 'InterimMode' }, @{ Command = 'Get-GatewayUpgradePlan'; Parameter = 'ScannerBatchSize' }
        @{ Command = 'Get-GatewayUpgradePlan'; Parameter = 'RepairInterim' }
        @{ Command = 'Invoke-GatewayClusterUpgrade'; Parameter = 'Resume' }, @{ Command = 'Invoke-GatewayClusterUpgrade'; Parameter = 'JournalPath' }
        @{ Command = 'Invoke-GatewayClusterUpgrade'; Parameter = 'MaxRetries' }, @{ Command = 'Invoke-GatewayClusterUpgrade'; Parameter = 'ScannerBatchSize' }
        @{ Command = 'Invoke-GatewayClusterUpgrade'; Parameter = 'BeforeStep' }, @{ Command = 'Invoke-GatewayClusterUpgrade'; Parameter = 'AfterStep' }
        @{ Command = 'Invoke-GatewayClusterUpgrade'; Parameter = 'Rehearse' }, @{ Command = 'Invoke-GatewayClusterUpgrade'; Parameter = 'Step' }
    ) {
        (Get-Command $Command).Parameters.Keys | Should -Contain $Parameter
    }

    It '-Strategy takes MasterInPlace and FailoverPromotion; -InterimMode Master and Standalone' {
        (Get-ParameterInfo 'Invoke-GatewayClusterUpgrade' 'Strategy').ParameterType.GetEnumNames() | Should -Be @('MasterInPlace', 'FailoverPromotion')
        (Get-ParameterInfo 'Get-GatewayUpgradePlan' 'InterimMode').ParameterType.GetEnumNames() | Should -Be @('Master', 'Standalone')
    }

    It '-Node binds from the pipeline by value; hooks are script blocks' {
        ((Get-ParameterInfo 'Get-GatewayUpgradePlan' 'Node').Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipeline | Should -Contain $true
        (Get-ParameterInfo 'Invoke-GatewayClusterUpgrade' 'BeforeStep').ParameterType | Should -Be ([scriptblock])
        $range = (Get-ParameterInfo 'Invoke-GatewayClusterUpgrade' 'MaxRetries').Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] }
        $range.MinRange | Should -Be 0
    }

    It '<Command> with -Force skips the guard' -ForEach @(
        @{ Command = 'Set-GatewayNodeState' }, @{ Command = 'Set-GatewayClusterId' }, @{ Command = 'Set-GatewayClusterMode' }, @{ Command = 'Install-GatewayUpdate' }
        @{ Command = 'Restart-GatewayNode' }
    ) {
        (Get-ParameterInfo $Command 'Force').ParameterType | Should -Be ([switch])
    }
}

Describe 'Upgrade on the KB80406 lab' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Upgrade | Out-Null
        $script:Journal = Join-Path $TestDrive "journal-$([guid]::NewGuid().ToString('N')).yaml"
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'plans from nodes piped from Get-GatewayNode: ordered steps with KB step, action, target, outage and gate' {
        $steps = Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy MasterInPlace
        $steps.Count | Should -BeGreaterThan 5
        $steps[0].PSObject.TypeNames | Should -Contain 'EmailGateway.UpgradeStep'
        $steps.Index | Should -Be (1..$steps.Count)
        $steps[0].KbStep | Should -Be 'A.1'
        $steps[0].Action | Should -Be 'TakeOffline'
        $steps[0].Target | Should -Be 'meg2'
        ($steps | Where-Object KbStep -eq 'A.3').ExpectedOutageSeconds | Should -BeGreaterThan (20 * 60)
        $steps[0].GateText | Should -Match 'meg2: offline'
    }

    It 'lists each failed preflight check as an error with an ErrorId, and -AsPlan shows them all' {
        $errors = @()
        $steps = Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -ErrorVariable +errors -ErrorAction SilentlyContinue
        $steps | Should -BeNullOrEmpty -Because 'no steps follow a failed preflight unless asked'
        $errors.Count | Should -Be 1
        @(Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -IncludeFailed -ErrorAction SilentlyContinue).Count | Should -BeGreaterThan 5
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GetGatewayUpgradePlanPreflightFailed,*'
        $errors[0].Exception.Message | Should -Match 'StrategySafe.*scmgateway.*-RepairInterim.*MasterInPlace'
        $plan = Get-GatewayNode | Get-GatewayUpgradePlan -TargetBuild '7.6.4 P4' -Strategy FailoverPromotion -AsPlan -ErrorAction SilentlyContinue
        $plan.IsRunnable | Should -BeFalse
        ($plan.Preflight | Where-Object Name -eq 'Consistent').Reason | Should -Match '^consistently mid-upgrade'
    }

    It 'refuses an upgrade whose preflight fails and changes nothing' {
        $before = Get-GatewayNode | ConvertTo-Json
        { Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -JournalPath $script:Journal -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvokeGatewayClusterUpgradePreflightFailed,*'
        Get-GatewayNode | ConvertTo-Json | Should -Be $before
    }

    It '-WhatIf lists every step and changes nothing' {
        $steps = Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim
        $before = Get-GatewayNode | ConvertTo-Json
        # What-if lines go to the host; a transcript catches them.
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $transcript -UseMinimalHeader | Out-Null
        try { $steps | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -JournalPath $script:Journal -WhatIf }
        finally { Stop-Transcript | Out-Null }
        $output = Get-Content $transcript -Raw
        foreach ($step in $steps) { $output | Should -Match ([regex]::Escape("Step $($step.Index) [KB80406 $($step.KbStep)] $($step.Action)")) }
        Get-GatewayNode | ConvertTo-Json | Should -Be $before
        Test-Path $script:Journal | Should -BeFalse
        (Get-GatewayLabReport).Timeline.Text | Where-Object { $_ -match '> set ' } | Should -BeNullOrEmpty
    }

    It 'upgrades with FailoverPromotion: a report that ConvertTo-Json renders and that agrees with Get-GatewayLabReport' {
        $seen = [System.Collections.Generic.List[string]]::new()
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -JournalPath $script:Journal `
            -Confirm:$false -BeforeStep { $seen.Add("$($_.Phase) $($_.Step.Index) $([runspace]::DefaultRunspace.Id)") }
        $report.PSObject.TypeNames | Should -Contain 'EmailGateway.UpgradeReport'
        $report.Result | Should -Be 'Succeeded'
        $report.RejectedDeliveries | Should -Be 0
        $report.OutageSeconds | Should -BeLessOrEqual 6
        $report.Violations.Count | Should -Be 0
        $lab = Get-GatewayLabReport
        $report.Lab.OutageSeconds | Should -Be $lab.OutageSeconds
        $report.Lab.RejectedDeliveries | Should -Be $lab.RejectedDeliveries
        $json = $report | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.Strategy | Should -Be 'FailoverPromotion'
        $json.Steps.Count | Should -Be $report.Steps.Count
        $json.BuildsAfter.meg1 | Should -Be '7.6.4 P4'
        Test-GatewayClusterConsistency -Quiet | Should -BeTrue
        # Hooks ran on the pipeline thread's runspace, before each step that had work to do.
        $seen.Count | Should -BeGreaterThan 10
        ($seen | ForEach-Object { $_.Split(' ')[2] } | Select-Object -Unique) | Should -Be ([runspace]::DefaultRunspace.Id)
    }

    It 'takes a plan from the pipeline, and refuses part of one' {
        $steps = Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy MasterInPlace
        { $steps | Select-Object -First 3 | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -JournalPath $script:Journal -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvokeGatewayClusterUpgradeInvalidPlan,*'
        $report = $steps | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -JournalPath $script:Journal -Confirm:$false
        $report.Succeeded | Should -BeTrue
        $report.Strategy | Should -Be 'MasterInPlace'
    }

    It 'a failing hook stops the run with an error naming the step, and -Resume finishes it' {
        $errors = @()
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -JournalPath $script:Journal `
            -Confirm:$false -BeforeStep { if ($_.Step.Action -eq 'Switchover') { throw 'paging system down' } } -ErrorVariable +errors -ErrorAction SilentlyContinue
        $report.Result | Should -Be 'Failed'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvokeGatewayClusterUpgradeStepFailed,*'
        $errors[0].Exception.Message | Should -Match 'step 6/\d+ \[KB80406 B\.4\] Switchover.*paging system down.*-Resume'
        (Get-GatewayNode -ComputerName meg1).VrrpActive | Should -BeTrue
        $resumed = Invoke-GatewayClusterUpgrade -Resume -JournalPath $script:Journal -Confirm:$false
        $resumed.Result | Should -Be 'Succeeded'
        $resumed.StartedAtStep | Should -Be 6
        (Get-GatewayLabReport).RejectedDeliveries | Should -Be 0
    }

    It 'stops safely when a node keeps failing, and resumes once the fault is cleared' {
        Set-GatewayLabFault -ComputerName meg1 -Fault UpdateFails -Confirm:$false
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -JournalPath $script:Journal `
            -MaxRetries 1 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failure
        $report.Result | Should -Be 'Failed'
        $report.FailedNode | Should -Be 'meg1'
        $report.Error | Should -Match 'B\.5.*meg1.*old build'
        $report.NextAction | Should -Match 'meg2 \(master'
        # One error names the step, who serves, whether mail flows and the command that continues.
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'InvokeGatewayClusterUpgradeStepFailed,*'
        $failure[0].Exception.Message | Should -Match '^Failed at step 7/\d+ \[KB80406 B\.5\] Update meg1 on meg1 after 2 attempt\(s\)'
        $failure[0].Exception.Message | Should -Match 'serves the virtual IP 192\.0\.2\.10 now; mail flows through meg2'
        $failure[0].Exception.Message | Should -BeLike "*continue with: Invoke-GatewayClusterUpgrade -Resume -JournalPath '$($script:Journal)'"
        Set-GatewayLabFault -ComputerName meg1 -Clear -Confirm:$false
        (Invoke-GatewayClusterUpgrade -Resume -JournalPath $script:Journal -Confirm:$false).Succeeded | Should -BeTrue
        (Get-GatewayLabReport).Violations.Where({ $_.From -gt (Get-GatewayLab).Now.AddHours(-10) -and $_.Name -ne 'MixedBuildOnline' }) | Should -BeNullOrEmpty
    }

    It 'Ctrl+C mid-run leaves the cluster safe and the journal marked stopped; -Resume finishes' {
        $ps = [powershell]::Create()
        $hookStarted = Join-Path $TestDrive "hook-started-$([guid]::NewGuid().ToString('N'))"
        try {
            $script = @"
Import-Module '$(Join-Path $script:ModuleDir 'EmailGateway.psd1')'
Get-GatewayLab | Remove-GatewayLab -Confirm:`$false
New-GatewayLab -Preset KB80406 -Name Stop | Out-Null
Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path '$($script:Package.Path)' -Strategy FailoverPromotion -RepairInterim -JournalPath '$($script:Journal)' -Confirm:`$false ``
    -AfterStep { if (`$_.Step.Index -eq 7) { New-Item -ItemType File -Path '$hookStarted' | Out-Null; Start-Sleep -Seconds 300 } }
"@
            [void]$ps.AddScript($script)
            $async = $ps.BeginInvoke()
            # Press Ctrl+C once step 7 (B.5, the master's update) is done and its after-hook runs: the run stands
            # still there until stopped, however slowly the machine got there.
            $reached = Wait-HostedMarker $ps $async $hookStarted
            $reached | Should -BeTrue -Because "the run reaches step 7's after-hook; it told $(Get-HostedRunTold $ps $script:Journal)"
            Get-Content $script:Journal -Raw | Should -Match 'step: 7\s+event: done'
            $ps.Stop()
            $told = Get-HostedRunTold $ps $script:Journal
            $ps.InvocationStateInfo.State | Should -Be 'Stopped' -Because "it told $told"
            # One warning says where the run stopped, who serves, whether mail flows and how to continue.
            $ps.Streams.Warning.Count | Should -Be 1 -Because "one warning tells where the run stopped; it told $told"
            $ps.Streams.Error.Count | Should -Be 0 -Because "it told $told"
            $message = $ps.Streams.Warning[0].Message
            $message | Should -Match '^Stopped after step 7/\d+ \[KB80406 B\.5\] Update meg1'
            $message | Should -Match 'meg2 \(master, 7\.6\.4 P4, greeting [^)]+\) serves the virtual IP 192\.0\.2\.10 now; mail flows through meg2; offline: meg1'
            $message | Should -BeLike "* To continue: Invoke-GatewayClusterUpgrade -Resume -JournalPath '$($script:Journal)'"
            $journal = Get-Content $script:Journal -Raw
            $journal | Should -Match 'state: Stopped'
            $journal | Should -Match 'lastError: .*Stopped after step 7/\d+ \[KB80406 B\.5\] Update meg1'
            $journal | Should -Match 'nextAction: .*serves the virtual IP 192\.0\.2\.10 now; mail flows through meg2[\s\S]*-Resume -JournalPath'
            # The interim master serves; the master waits offline on the new build.
            $ps.Commands.Clear()
            $nodes = $ps.AddScript('Get-GatewayNode').Invoke()
            ($nodes | Where-Object ComputerName -eq meg2).VrrpActive | Should -BeTrue
            ($nodes | Where-Object ComputerName -eq meg1).NetworkState.ToString() | Should -Be 'Offline'
            $ps.Commands.Clear()
            $resumed = $ps.AddScript("Invoke-GatewayClusterUpgrade -Resume -JournalPath '$($script:Journal)' -Confirm:`$false").Invoke()
            $resumed[0].Result.ToString() | Should -Be 'Succeeded'
            $resumed[0].StartedAtStep | Should -Be 8
        }
        finally {
            $ps.Commands.Clear()
            [void]$ps.AddScript('Get-GatewayLab | Remove-GatewayLab -Confirm:$false').Invoke()
            $ps.Dispose()
        }
    }

    It 'refuses a second run while the run lock is held' {
        # Another run in this runspace holds the cluster's lock (a lab's locks are its runspace's), whatever its journal.
        $node = (Get-GatewayNode -ComputerName meg1).GetNode()
        $core = $node.GetType().Assembly
        $cluster = $core.GetType('EmailGateway.Model.ClusterKey')::Of($node)
        $state = (Get-Command Get-GatewayNode).ImplementingType.Assembly.GetType('EmailGateway.Commands.Infrastructure.ModuleState', $true)
        $current = $state.GetProperty('Current').GetValue($null)
        $labs = $state.GetProperty('Labs').GetValue($current)
        $locks = $labs.GetType().GetProperty('RunLocks').GetValue($labs)
        $held = $null; $heldBy = $null
        $locks.TryAcquire($cluster, 'another run', [ref]$held, [ref]$heldBy) | Should -BeTrue
        try {
            { Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy MasterInPlace -JournalPath (Join-Path $TestDrive 'other.yaml') -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvokeGatewayClusterUpgradePreflightFailed,*'
            Test-Path (Join-Path $TestDrive 'other.yaml') | Should -BeFalse
        }
        finally { $held.Dispose() }
    }

    It '-Rehearse runs on a twin first and leaves the twin out of the live lab' {
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -JournalPath $script:Journal -Rehearse -Confirm:$false
        $report.Rehearsal.Result | Should -Be 'Succeeded'
        $report.Rehearsal.RejectedDeliveries | Should -Be 0
        @(Get-GatewayLab).Count | Should -Be 1
        $report.Succeeded | Should -BeTrue
    }
}

Describe 'The KB80406 guard on the single-node cmdlets' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Guard | Out-Null
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'refuses the master going offline while the corrupt failover would take over, naming both nodes' {
        { Set-GatewayNodeState -ComputerName meg1 -State Offline -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'SetGatewayNodeStateRefusedByGuard,*'
        try { Set-GatewayNodeState -ComputerName meg1 -State Offline -Confirm:$false } catch { $failure = $_ }
        $failure.Exception.Message | Should -Match 'KB80406'
        $failure.Exception.Message | Should -Match 'meg1, meg2'
        $failure.TargetObject | Should -Be @('meg1', 'meg2')
        (Get-GatewayNode -ComputerName meg1).NetworkState | Should -Be 'Online'
    }

    It 'refuses the naive order: updating the master while the failover is online' {
        { Install-GatewayUpdate -ComputerName meg1 -Path $script:Package.Path -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InstallGatewayUpdateRefusedByGuard,*'
        (Get-GatewayNode -ComputerName meg1).Build.ToString() | Should -Be '7.6.4 P3'
    }

    It 'refuses joining a segment of another build by cluster id or mode' {
        Set-GatewayNodeState -ComputerName meg2 -State Offline -Confirm:$false
        Set-GatewayClusterId -ComputerName meg2 -ClusterId 40 -Confirm:$false
        Set-GatewayClusterMode -ComputerName meg2 -Mode Scanner -Confirm:$false
        Set-GatewayNodeState -ComputerName meg2 -State Online -Confirm:$false -WarningAction SilentlyContinue
        { Set-GatewayClusterId -ComputerName meg2 -ClusterId 12 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'SetGatewayClusterIdRefusedByGuard,*'
        { Set-GatewayClusterMode -ComputerName meg3 -Mode Master -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'SetGatewayClusterModeRefusedByGuard,*'
    }

    It 'allows what KB80406 asks for: taking the odd failover offline' {
        Set-GatewayNodeState -ComputerName meg2 -State Offline -Confirm:$false
        (Get-GatewayNode -ComputerName meg2).NetworkState | Should -Be 'Offline'
    }

    It 'refuses restarting the master beside the corrupt failover, naming both nodes, and restarts nothing' {
        $before = (Get-GatewayLabReport).Now
        { Restart-GatewayNode -ComputerName meg1 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'RestartGatewayNodeRefusedByGuard,*'
        try { Restart-GatewayNode -ComputerName meg1 -Confirm:$false } catch { $failure = $_ }
        $failure.Exception.Message | Should -Match 'KB80406'
        $failure.Exception.Message | Should -Match 'restart meg1 would let a node with a bad greeting serve the virtual IP'
        $failure.TargetObject | Should -Be @('meg1', 'meg2')
        $failure.CategoryInfo.Category | Should -Be 'InvalidOperation'
        (Get-GatewayLabReport).Now | Should -Be $before
        (Get-GatewayLabReport).Timeline.Text | Where-Object { $_ -match '^meg1(>|:) restart' } | Should -BeNullOrEmpty
        (Get-GatewayNode -ComputerName meg1).VrrpActive | Should -BeTrue
    }

    It 'restarts the master with -Force and the same warning, and the lab records what the guard foresaw' {
        $warnings = $null
        Restart-GatewayNode -ComputerName meg1 -Force -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match '-Force: going ahead although Refused \(KB80406\)'
        (Get-GatewayLabReport).Timeline.Text | Should -Contain 'meg1: restart finished (online)'
        ((Get-GatewayLabReport).Violations | Where-Object Name -eq 'BadGreetingActive').Nodes | Should -Be 'meg2'
    }

    It 'turns the refusal into a warning under -WhatIf and restarts nothing' {
        $warnings = $null
        Restart-GatewayNode -ComputerName meg1 -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'What if: Refused \(KB80406\)'
        (Get-GatewayLabReport).Timeline.Text | Where-Object { $_ -match '^meg1(>|:) restart' } | Should -BeNullOrEmpty
    }

    It 'does not refuse restarting a scanner or a standalone node' {
        Set-GatewayClusterMode -ComputerName meg4 -Mode Standalone -Confirm:$false -WarningAction SilentlyContinue
        $warnings = $null
        $nodes = Restart-GatewayNode -ComputerName meg3, meg4 -Confirm:$false -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $nodes.ComputerName | Sort-Object | Should -Be @('meg3', 'meg4')
        $nodes.Power | Should -Be @('Running', 'Running')
        "$warnings" | Should -Not -Match 'KB80406'
    }

    It '-Force lets the change through with a warning' {
        $warnings = $null
        Set-GatewayNodeState -ComputerName meg1 -State Offline -Force -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'Force.*KB80406'
        (Get-GatewayNode -ComputerName meg1).NetworkState | Should -Be 'Offline'
    }
}

Describe 'Journals of lab runs' {
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'are kept with the lab, not in the user''s upgrades folder nor the run-lock directory, and removed with it; violations name the sessions' {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        $userFolder = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'EmailGateway/upgrades'
        # The machine's run-lock directory, as Invoke-GatewayClusterUpgrade documents it.
        $lockFolder = if ($env:EMAILGATEWAY_RUN_LOCK_DIRECTORY) { $env:EMAILGATEWAY_RUN_LOCK_DIRECTORY }
        elseif ($IsWindows) { Join-Path $env:ProgramData 'EmailGateway/run-locks' } else { '/tmp/EmailGateway-run-locks' }
        # The lab is its own segment, so anything of its run in the shared folders would carry its name.
        $name = "Journals$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $ofThisLab = { param($folder) @(if (Test-Path $folder) { Get-ChildItem -LiteralPath $folder -File | Where-Object Name -like "*$name*" }) }
        New-GatewayLab -Preset KB80406 -Name $name -Prefix k2- | Out-Null
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy MasterInPlace -Confirm:$false
        $report.Succeeded | Should -BeTrue
        # The account of the run names nodes as their sessions are named: with the lab's prefix.
        $report.PreexistingViolations.Nodes | Should -Contain 'k2-meg1'
        $report.PreexistingViolations.Nodes | ForEach-Object { $_ | Should -BeLike 'k2-meg*' }
        ($report | Format-List | Out-String -Width 200) | Should -Match 'FoundAtStart\s+: MixedBuildOnline \[k2-meg1, k2-meg2, k2-meg3, k2-meg4\]'
        $labViolations = (Get-GatewayLabReport -Name $name).Violations
        $labViolations.Nodes | Should -Contain 'k2-meg1'
        $labViolations.Nodes | ForEach-Object { $_ | Should -BeLike 'k2-meg*' }
        # So do the violations' details and the lab's timeline, which name nodes in their text.
        $report.PreexistingViolations[0].Detail | Should -Match '7\.6\.4 P3 on k2-meg1, k2-meg3, k2-meg4; 7\.6\.4 P4 on k2-meg2\.'
        $labViolations[0].Detail | Should -Match 'on k2-meg1, k2-meg3, k2-meg4; 7\.6\.4 P4 on k2-meg2\.'
        $timeline = (Get-GatewayLabReport -Name $name).Timeline.Text -join "`n"
        $timeline | Should -Match 'starts with 4 node\(s\): k2-meg1, k2-meg2, k2-meg3, k2-meg4'
        $timeline | Should -Not -Match '(?<![\w.-])meg\d(?![\w-]|\.\w)' -Because 'every node is named with the prefix'
        $timeline | Should -Not -Match "lab 'KB80406'" -Because 'the lab is named $name, not after its preset'
        # The journal is the lab's own.
        $report.JournalPath | Should -Exist
        $report.JournalPath | Should -Not -BeLike "$userFolder*"
        & $ofThisLab $userFolder | Should -BeNullOrEmpty
        & $ofThisLab $lockFolder | Should -BeNullOrEmpty
        Remove-GatewayLab -Name $name -Confirm:$false
        $report.JournalPath | Should -Not -Exist
        Split-Path $report.JournalPath | Should -Not -Exist
        & $ofThisLab $userFolder | Should -BeNullOrEmpty
        & $ofThisLab $lockFolder | Should -BeNullOrEmpty
    }

    It '-Resume finds a stopped lab run''s journal in the lab''s folder' {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        # Its own node names, so no journal left elsewhere by other runs matches the open sessions.
        New-GatewayLab -Preset KB80406 -Name ResumeHere -Prefix resume- | Out-Null
        Set-GatewayLabFault -ComputerName resume-meg1 -Fault UpdateFails
        $failed = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy MasterInPlace -MaxRetries 0 -Confirm:$false -ErrorAction SilentlyContinue
        $failed.Result | Should -Be 'Failed'
        Set-GatewayLabFault -ComputerName resume-meg1 -Clear
        $resumed = Invoke-GatewayClusterUpgrade -Resume -Confirm:$false
        $resumed.Result | Should -Be 'Succeeded'
        $resumed.JournalPath | Should -Be $failed.JournalPath
        Remove-GatewayLab -Name ResumeHere -Confirm:$false
        $failed.JournalPath | Should -Not -Exist
    }
}
