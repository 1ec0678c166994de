BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'meg-7.6.4-P4.pkg')

    function New-JournalFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $folder
    }

    # The start of a script for a runspace of its own: the module and a two-site fleet lab whose update fault is cleared.
    function Get-FleetLabScript([string] $Name) {
        @"
Import-Module '$((Join-Path $script:ModuleDir 'EmailGateway.psd1') -replace "'", "''")'
`$null = New-GatewayLab -Preset Fleet -Sites 2 -ScannersPerSite 0 -Name $Name
Set-GatewayLabFault -ComputerName s002-meg2 -Clear

"@
    }

    function Get-Builds([string] $Segment) {
        @(Get-GatewayNode -Segment $Segment | ForEach-Object { "$($_.Build)" } | Select-Object -Unique)
    }
}

Describe 'Fleet plans: one plan and preflight per cluster' {
    BeforeEach { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'a lab and its twin side by side plan as two clusters (the README tour)' {
        New-GatewayLab -Preset Healthy -Name Demo | Out-Null
        Get-GatewayNode | New-GatewayLab -Name Twin -Prefix twin- | Out-Null
        $plans = @(Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -AsPlan -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        $plans.Segment | Should -Be @('Demo', 'Twin')
        $plans.IsRunnable | Should -Be @($true, $true)
        $steps = @(Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion)
        $steps.Count | Should -Be ($plans[0].Steps.Count + $plans[1].Steps.Count)
    }

    It 'two healthy labs with the same cluster id are two clusters: checked, planned and upgraded apart' {
        New-GatewayLab -Preset Healthy -Name A -Prefix a- | Out-Null
        New-GatewayLab -Preset Healthy -Name B -Prefix b- | Out-Null
        $results = @(Test-GatewayClusterConsistency)
        $results.Segment | Should -Be @('A', 'B')
        $results.InDesiredState | Should -Be @($true, $true)
        @(Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -AsPlan).Segment | Should -Be @('A', 'B')
        $fleet = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -JournalPath (New-JournalFolder) -Confirm:$false
        $fleet.Clusters.Segment | Should -Be @('A', 'B')
        $fleet.Clusters.State | Should -Be @('Upgraded', 'Upgraded')
        (Test-GatewayClusterConsistency | Out-String -Width 80) | Should -Match '(?s)Segment: A.*Segment: B'
    }

    It 'a site that fails its preflight is named in its errors; the others plan' {
        New-GatewayLab -Preset Fleet -Sites 3 -ScannersPerSite 0 | Out-Null
        $plans = @(Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -AsPlan -ErrorVariable failed -ErrorAction SilentlyContinue)
        $plans.Segment | Should -Be @('Fleet/site-001', 'Fleet/site-002', 'Fleet/site-003')
        $plans.IsRunnable | Should -Be @($true, $true, $false)
        $failed.FullyQualifiedErrorId | Should -Contain 'GetGatewayUpgradePlanPreflightFailed,EmailGateway.Commands.GetGatewayUpgradePlanCommand'
        "$failed" | Should -Match 'StrategySafe of cluster 12 in segment Fleet/site-003 failed'
    }
}

Describe 'Fleet rollouts: Get-GatewayNode | Invoke-GatewayClusterUpgrade over many clusters' {
    BeforeEach { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'upgrades every site, stops the failing one safe and reports it, and -Resume finishes it' {
        New-GatewayLab -Preset Fleet -Sites 4 -ScannersPerSite 1 | Out-Null
        $journals = New-JournalFolder
        $fleet = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim `
            -ClusterThrottleLimit 2 -MaxFailedClusters 2 -JournalPath $journals -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $fleet.PSObject.TypeNames[0] | Should -Be 'EmailGateway.FleetReport'
        $fleet.Result | Should -Be 'Failed'
        $fleet.Upgraded, $fleet.Failed, $fleet.NotStarted | Should -Be @(3, 1, 0)
        $fleet.RejectedDeliveries | Should -Be 0
        ($fleet.Clusters | Where-Object State -eq Failed).Segment | Should -Be 'Fleet/site-002'
        @($fleet.Clusters.Report).Count | Should -Be 4
        $failed.FullyQualifiedErrorId | Should -Be 'InvokeGatewayClusterUpgradeStepFailed,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
        $failed.TargetObject | Should -Be 's002-meg2'
        foreach ($site in 'Fleet/site-001', 'Fleet/site-003', 'Fleet/site-004') {
            Get-Builds $site | Should -Be '7.6.4 P4'
            Test-GatewayClusterConsistency -Segment $site -Quiet | Should -BeTrue
        }
        @(Get-ChildItem $journals -Filter '*.journal.yaml').Count | Should -Be 4

        Set-GatewayLabFault -ComputerName s002-meg2 -Clear
        $journal = (Get-ChildItem $journals -Filter '*fleet_site-002*').FullName
        $resumed = Invoke-GatewayClusterUpgrade -Resume -JournalPath $journal -Confirm:$false
        $resumed.Result | Should -Be 'Succeeded'
        Get-Builds 'Fleet/site-002' | Should -Be '7.6.4 P4'
    }

    It '-Resume continues every unfinished cluster of a rollout, each from its own journal' {
        New-GatewayLab -Preset Fleet -Sites 3 -ScannersPerSite 0 | Out-Null
        $journals = New-JournalFolder
        # site-002 fails its update (the preset's fault); site-003 is stopped by a hook before its third step.
        $hook = { if ($_.Step.Index -eq 3 -and $_.Nodes[0].ComputerName -like 's003-*') { throw 'maintenance window closed' } }
        $fleet = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim `
            -MaxFailedClusters 3 -BeforeStep $hook -JournalPath $journals -Confirm:$false -ErrorAction SilentlyContinue
        $fleet.Clusters.State | Should -Be @('Upgraded', 'Failed', 'Failed')

        Set-GatewayLabFault -ComputerName s002-meg2 -Clear
        $resumed = Invoke-GatewayClusterUpgrade -Resume -JournalPath $journals -ClusterThrottleLimit 2 -Confirm:$false
        $resumed.Resumed | Should -BeTrue
        $resumed.Clusters.Segment | Should -Be @('Fleet/site-002', 'Fleet/site-003')
        $resumed.Clusters.State | Should -Be @('Upgraded', 'Upgraded')
        $resumed.Clusters.Report.Resumed | Should -Be @($true, $true)
        (Get-GatewayNode | ForEach-Object { "$($_.Build)" } | Select-Object -Unique) | Should -Be '7.6.4 P4'
        Test-GatewayClusterConsistency -Quiet | Should -BeTrue
    }

    It 'a cluster that fails its preflight is skipped with an error naming it; the others go on' {
        New-GatewayLab -Preset Fleet -Sites 3 -ScannersPerSite 0 | Out-Null
        Set-GatewayLabFault -ComputerName s002-meg2 -Clear
        $fleet = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion `
            -JournalPath (New-JournalFolder) -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $fleet.Result | Should -Be 'Incomplete'
        $fleet.Clusters.State | Should -Be @('Upgraded', 'Upgraded', 'Skipped')
        $fleet.Clusters[2].ReasonId | Should -Be 'PreflightFailed'
        $failed.FullyQualifiedErrorId | Should -Be 'InvokeGatewayClusterUpgradePreflightFailed,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
        $failed.TargetObject | Should -Be 'cluster 12 in segment Fleet/site-003'
        Get-Builds 'Fleet/site-003' | Should -Be @('7.6.4 P3', '7.6.4 P4')
    }

    It 'a canary that fails halts the rollout before any other cluster starts' {
        New-GatewayLab -Preset Fleet -Sites 4 -ScannersPerSite 0 | Out-Null
        $fleet = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim `
            -CanaryCount 2 -ClusterThrottleLimit 2 -MaxFailedClusters 3 -JournalPath (New-JournalFolder) -Confirm:$false -ErrorAction SilentlyContinue
        $fleet.Clusters.State | Should -Be @('Upgraded', 'Failed', 'NotStarted', 'NotStarted')
        $fleet.Clusters.Canary | Should -Be @($true, $true, $false, $false)
        $fleet.HaltReason | Should -Match 'canary cluster 12 in segment Fleet/site-002'
        Get-Builds 'Fleet/site-004' | Should -Be '7.6.4 P3'
    }

    It '-WhatIf lists every cluster''s steps and changes nothing' {
        New-GatewayLab -Preset Fleet -Sites 2 -ScannersPerSite 0 | Out-Null
        $journals = New-JournalFolder
        $out = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -JournalPath $journals -WhatIf
        $out | Should -BeNullOrEmpty
        Get-ChildItem $journals | Should -BeNullOrEmpty
        (Get-GatewayNode | ForEach-Object { "$($_.Build)" } | Select-Object -Unique) | Should -Be '7.6.4 P3'
    }

    It '-JournalPath over several clusters must be a folder' {
        New-GatewayLab -Preset Fleet -Sites 2 -ScannersPerSite 0 | Out-Null
        { Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -JournalPath (Join-Path $TestDrive 'one.yaml') -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvokeGatewayClusterUpgradeJournalPathNotFolder,*'
        (Get-GatewayNode | ForEach-Object { "$($_.Build)" } | Select-Object -Unique) | Should -Be '7.6.4 P3'
    }

    It '-Rehearse rehearses every cluster on a twin; each report carries its rehearsal' {
        New-GatewayLab -Preset Fleet -Sites 3 -ScannersPerSite 0 | Out-Null
        Set-GatewayLabFault -ComputerName s002-meg2 -Clear
        $fleet = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -Rehearse `
            -ClusterThrottleLimit 3 -JournalPath (New-JournalFolder) -Confirm:$false
        $fleet.Result | Should -Be 'Succeeded'
        $fleet.Clusters.Report.Rehearsal.Result | Should -Be @('Succeeded', 'Succeeded', 'Succeeded')
    }

    It 'converges to a desired state, and a second run changes nothing and says so' {
        New-GatewayLab -Preset Fleet -Sites 3 -ScannersPerSite 0 | Out-Null
        Set-GatewayLabFault -ComputerName s002-meg2 -Clear
        $desired = Join-Path $TestDrive 'fleet.yaml'
        "clusters:`n  - { segment: Fleet/site-001, clusterId: 12, build: 7.6.4 P3 }`n  - { segment: 'Fleet/site-*', clusterId: 12, build: 7.6.4 P4 }" | Set-Content $desired
        $parameters = @{ DesiredStatePath = $desired; Path = $script:Package.Path; Strategy = 'FailoverPromotion'; RepairInterim = $true; JournalPath = (New-JournalFolder); Confirm = $false }
        $first = Get-GatewayNode | Invoke-GatewayClusterUpgrade @parameters
        $first.Clusters.State | Should -Be @('Current', 'Upgraded', 'Upgraded')
        Get-Builds 'Fleet/site-001' | Should -Be '7.6.4 P3'
        $second = Get-GatewayNode | Invoke-GatewayClusterUpgrade @parameters -Verbose 4>&1
        $report = $second | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $report.Current, $report.Upgraded, "$($report.Result)" | Should -Be @(3, 0, 'Succeeded')
        ($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'Every cluster (3) already runs its target build: nothing to do, nothing is changed.'
        $report.NextAction | Should -Match '^Nothing to do: every cluster already runs its target build'
        Test-GatewayClusterConsistency -DesiredStatePath $desired -Quiet | Should -BeTrue
    }

    It 'Ctrl+C stops every cluster under way at a safe point; one warning says how to continue, and -Resume over the folder finishes' {
        $journals = New-JournalFolder
        $hookStarted = Join-Path $TestDrive "hook-started-$([guid]::NewGuid().ToString('N'))"
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript((Get-FleetLabScript Halt) + @"
Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path '$($script:Package.Path)' -Strategy FailoverPromotion -ClusterThrottleLimit 2 -JournalPath '$journals' -Confirm:`$false ``
    -AfterStep { if (`$_.Step.Index -eq 3) { New-Item -ItemType File -Path '$hookStarted' -Force | Out-Null; Start-Sleep -Seconds 300 } }
"@)
            $async = $ps.BeginInvoke()
            # Press Ctrl+C once a cluster's step 3 is done and its after-hook runs: the rollout stands still there until stopped.
            $reached = Wait-HostedMarker $ps $async $hookStarted
            $reached | Should -BeTrue -Because "a cluster reaches step 3's after-hook; it told $(Get-HostedRunTold $ps $journals)"
            $ps.Stop()
            $told = Get-HostedRunTold $ps $journals
            $ps.InvocationStateInfo.State | Should -Be 'Stopped' -Because "it told $told"
            $ps.Streams.Warning.Count | Should -Be 1 -Because "one warning tells where the rollout stopped; it told $told"
            $ps.Streams.Warning[0].Message | Should -Match 'stopped on request'
            $ps.Streams.Warning[0].Message | Should -BeLike "*Invoke-GatewayClusterUpgrade -Resume -JournalPath '$journals'*"
            $states = Get-ChildItem $journals -Filter '*.journal.yaml' | ForEach-Object { if ((Get-Content $_.FullName -Raw) -match 'state: (\w+)') { $Matches[1] } }
            @($states) | Should -Not -Contain 'Running'
            $ps.Commands.Clear()
            $resumed = $ps.AddScript("Invoke-GatewayClusterUpgrade -Resume -JournalPath '$journals' -ClusterThrottleLimit 2 -Confirm:`$false").Invoke()
            @($resumed)[-1].Result | Should -Be 'Succeeded'
            $ps.Commands.Clear()
            ($ps.AddScript('Test-GatewayClusterConsistency -Quiet').Invoke())[0] | Should -BeTrue
        }
        finally {
            $ps.Commands.Clear()
            [void]$ps.AddScript('Get-GatewayLab | Remove-GatewayLab -Confirm:$false').Invoke()
            $ps.Dispose()
        }
    }

    It 'progress is nested: the fleet, then each cluster, then its step' {
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript((Get-FleetLabScript Progress) + @"
Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path '$($script:Package.Path)' -Strategy FailoverPromotion -ClusterThrottleLimit 2 -JournalPath '$(New-JournalFolder)' -Confirm:`$false
Get-GatewayLab | Remove-GatewayLab -Confirm:`$false
"@)
            $result = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $result[0].Upgraded | Should -Be 2
            $progress = @($ps.Streams.Progress)
            $fleet = @($progress | Where-Object Activity -eq 'Fleet upgrade')
            $fleet.Count | Should -BeGreaterThan 0
            $clusters = @($progress | Where-Object { $_.ParentActivityId -eq $fleet[0].ActivityId })
            @($clusters.Activity | Select-Object -Unique | Sort-Object) | Should -Be @('cluster 12 in segment Progress/site-001', 'cluster 12 in segment Progress/site-002')
            $steps = @($progress | Where-Object { $_.ParentActivityId -in @($clusters.ActivityId) })
            $steps.Count | Should -BeGreaterThan 0
        }
        finally { $ps.Dispose() }
    }

    It 'the summary renders as a row and as a list, its clusters as a table, and both as JSON with names' {
        New-GatewayLab -Preset Fleet -Sites 2 -ScannersPerSite 0 | Out-Null
        $fleet = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -MaxFailedClusters 2 `
            -JournalPath (New-JournalFolder) -Confirm:$false -ErrorAction SilentlyContinue
        foreach ($width in 80, 120) {
            $row = $fleet | Out-String -Width $width
            $row | Should -Match 'Result\s+Total\s+Upgraded\s+Current\s+Skipped\s+Failed'
            $row | Should -Match 'Failed\s+2\s+1\s+0\s+0\s+1'
            $list = $fleet | Format-List | Out-String -Width $width
            $list | Should -Match 'Clusters\s+: 2: upgraded 1, current 0, skipped 0, failed 1'
            $list | Should -Match 'NotDone\s+: cluster 12 in segment Fleet/site-002: Failed'
            $table = $fleet.Clusters | Out-String -Width $width
            $table | Should -Match 'Fleet/site-001\s+12 Upgraded'
            $table | Should -Not -Match '#ERR'
        }
        $back = $fleet | ConvertTo-Json -Depth 8 | ConvertFrom-Json
        $back.Result | Should -BeExactly 'Failed'
        $back.Clusters.State | Should -Be @('Upgraded', 'Failed')
        $back.Clusters[1].Report.FailedNode | Should -Be 's002-meg2'
    }

    It 'the wave parameters are validated before anything is read' {
        New-GatewayLab -Preset Fleet -Sites 2 -ScannersPerSite 0 | Out-Null
        { Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -ClusterThrottleLimit 0 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -MaxFailedClusters 0 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        @((Get-ParameterInfo 'Invoke-GatewayClusterUpgrade' 'ClusterThrottleLimit').ParameterSets.Keys | Sort-Object) | Should -Be @('ByName', 'Node', 'Resume')
    }
}
