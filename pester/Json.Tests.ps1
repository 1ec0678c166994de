BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function ConvertTo-RoundTrip($InputObject) {
        # The default writer: no -EnumsAsStrings. Deep enough that nothing is cut (a cut warns).
        $json = ConvertTo-Json -InputObject $InputObject -Depth 12 -WarningVariable cut -WarningAction SilentlyContinue
        $cut | Should -BeNullOrEmpty -Because 'nothing may be cut at depth 12'
        $json | ConvertFrom-Json
    }

    function Assert-SameAfterJson($Original, $Back, [string] $Path = '$_') {
        # Walks what the cmdlet wrote and what came back: no enum and no build object anywhere (they would be
        # numbers and nested parts), and every value the same after the trip.
        if ($null -eq $Original) { $Back | Should -BeNullOrEmpty -Because $Path; return }
        $Original | Should -Not -BeOfType [enum] -Because "$Path must be a name, not an enum"
        $Original.GetType().FullName | Should -Not -Be 'EmailGateway.Model.GatewayBuild' -Because "$Path must be the build's text"
        $Original | Should -Not -BeOfType [timespan] -Because "$Path must be a number of seconds (a TimeSpan writes a dozen nested fields)"
        switch ($Original) {
            { $_ -is [string] -or $_ -is [bool] -or $_ -is [ValueType] -and $_ -isnot [datetimeoffset] -and $_ -isnot [datetime] } {
                $Back | Should -Be $Original -Because $Path; return
            }
            { $_ -is [datetimeoffset] } { [datetimeoffset]$Back | Should -Be $Original -Because $Path; return }
        }
        if ($Original -is [System.Collections.IDictionary] -or $Original.GetType().GetInterface('IReadOnlyDictionary`2')) {
            foreach ($key in $Original.Keys) { Assert-SameAfterJson $Original[$key] $Back.$key "$Path[$key]" }
            return
        }
        if ($Original -is [System.Collections.IEnumerable]) {
            $items = @($Original); $backItems = @($Back)
            $backItems.Count | Should -Be $items.Count -Because "$Path has $($items.Count) item(s)"
            for ($i = 0; $i -lt $items.Count; $i++) { Assert-SameAfterJson $items[$i] $backItems[$i] "$Path[$i]" }
            return
        }
        $properties = @($Original.PSObject.Properties | Where-Object MemberType -eq 'Property')
        $properties.Count | Should -BeGreaterThan 0 -Because "$Path is an object with properties"
        foreach ($property in $properties) {
            $Back.PSObject.Properties.Name | Should -Contain $property.Name -Because "$Path.$($property.Name) must be written"
            Assert-SameAfterJson $property.Value $Back.($property.Name) "$Path.$($property.Name)"
        }
    }
}

Describe 'Output goes through ConvertTo-Json and back with names and text, without -EnumsAsStrings' {
    BeforeAll {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Json | Out-Null
        $script:Package = New-GatewayLabPackage -Build '7.6.4 P4 HF1' -Path (Join-Path $TestDrive 'json-hf1.pkg')
        $script:SameBuildPackage = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'json-p4.pkg')
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'nodes: build as text, mode and states as names, every field kept' {
        $node = Get-GatewayNode -ComputerName meg2
        $back = ConvertTo-RoundTrip $node
        Assert-SameAfterJson $node $back
        $back.Mode | Should -BeExactly 'Failover'
        $back.Sync | Should -BeExactly 'Corrupt'
        $back.NetworkState | Should -BeExactly 'Online'
        $back.Power | Should -BeExactly 'Running'
        $back.Build | Should -BeExactly '7.6.4 P4'
        $back.Greeting | Should -BeExactly 'scmgateway'
        ([datetimeoffset]$back.RetrievedAt) | Should -Be $node.RetrievedAt
        # The typed node is a method away, and JSON leaves it out.
        $typed = $node.GetNode()
        $typed.Mode.GetType().IsEnum | Should -BeTrue
        "$($typed.Mode)" | Should -Be 'Failover'
        $typed.Build.Patch | Should -Be 4
        $typed.Build.CompareTo((Get-GatewayNode -ComputerName meg1).GetNode().Build) | Should -BeGreaterThan 0
    }

    It 'nodes filter and sort by what the table shows' {
        (Get-GatewayNode | Where-Object Mode -eq Master).ComputerName | Should -Be 'meg1'
        (Get-GatewayNode | Where-Object Greeting -eq scmgateway).ComputerName | Should -Be 'meg2'
        (Get-GatewayNode | Where-Object VipHolder).ComputerName | Should -Be 'meg1'
        (Get-GatewayNode | Where-Object Network -eq Online).Count | Should -Be 4
        (Get-GatewayNode | Sort-Object Build -Descending | Select-Object -First 1).ComputerName | Should -Be 'meg2'
    }

    It 'consistency results and their findings: severities as names' {
        $result = Test-GatewayClusterConsistency
        $back = ConvertTo-RoundTrip $result
        Assert-SameAfterJson $result $back
        $back.Findings.Severity | Should -Be @($result.Findings | ForEach-Object { 'Error' })
        $back.Findings[0].Hazard | Should -Be 'MixedBuildOnline'
        $back.Builds | Should -Be @('7.6.4 P3', '7.6.4 P4')
    }

    It 'about_EmailGateway''s scheduled check writes findings with names' {
        $file = Join-Path $TestDrive 'findings.json'
        Test-GatewayClusterConsistency | Where-Object { -not $_.InDesiredState } | ConvertTo-Json -Depth 5 | Set-Content $file
        $text = Get-Content $file -Raw
        $text | Should -Match '"Severity": "Error"'
        $text | Should -Not -Match '"Severity": \d'
    }

    It 'plans: strategy, interim mode, builds, nodes and steps' {
        $plan = Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -AsPlan
        $back = ConvertTo-RoundTrip $plan
        Assert-SameAfterJson $plan $back
        $back.Strategy | Should -BeExactly 'FailoverPromotion'
        $back.InterimMode | Should -BeExactly 'Master'
        $back.TargetBuild | Should -BeExactly '7.6.4 P4 HF1'
        $back.SourceBuild | Should -BeExactly '7.6.4 P3'
        $back.Nodes[1].Mode | Should -BeExactly 'Failover'
        $back.Steps[0].Action | Should -BeExactly 'TakeOffline'
        $back.Steps[0].ExpectedAfter[1].Network | Should -BeExactly 'Offline'
        # Durations are seconds, as in the reports: the plan's outage is the sum of its steps'.
        $back.ExpectedOutageSeconds | Should -Be (($plan.Steps | Measure-Object ExpectedOutageSeconds -Sum).Sum)
        $back.ExpectedDurationSeconds | Should -BeGreaterThan 0
    }

    It 'steps: action, mode and build by name and text, and they still bind' {
        $steps = Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -IncludeFailed -ErrorAction SilentlyContinue
        $back = ConvertTo-RoundTrip @($steps)
        Assert-SameAfterJson @($steps) $back
        ($back | Where-Object Action -eq 'Update' | Select-Object -First 1).Build | Should -BeExactly '7.6.4 P4 HF1'
        ($back | Where-Object Action -eq 'SetMode' | Select-Object -First 1).Mode | Should -BeIn 'Master', 'Standalone', 'Failover'
        $steps[0].GetStep().Action.GetType().IsEnum | Should -BeTrue
        # What was written binds back as the typed steps.
        $transcript = Join-Path $TestDrive 'json-whatif.txt'
        Start-Transcript -Path $transcript -UseMinimalHeader | Out-Null
        $runnable = Get-GatewayNode | Get-GatewayUpgradePlan -Path $script:SameBuildPackage.Path -Strategy MasterInPlace
        try { $runnable | Invoke-GatewayClusterUpgrade -Path $script:SameBuildPackage.Path -JournalPath (Join-Path $TestDrive 'json-steps.yaml') -WhatIf }
        finally { Stop-Transcript | Out-Null }
        Get-Content $transcript -Raw | Should -Match ([regex]::Escape("Step 1 [KB80406 $($runnable[0].KbStep)] $($runnable[0].Action)"))
    }

    It 'reports: the result of the run and of each step by name' {
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:SameBuildPackage.Path -Strategy MasterInPlace `
            -JournalPath (Join-Path $TestDrive 'json.journal.yaml') -Confirm:$false
        $back = ConvertTo-RoundTrip $report
        Assert-SameAfterJson $report $back
        $back.Result | Should -BeExactly 'Succeeded'
        $back.Steps.Result | Should -Not -Contain $null
        $back.Steps[2].Result | Should -BeExactly 'AlreadyDone'
        $back.BuildsAfter.meg1 | Should -BeExactly '7.6.4 P4'
    }

    It 'fleet summaries: the result and each cluster''s state by name, each cluster''s report inside' {
        New-GatewayLab -Preset Fleet -Name JsonFleet -Sites 2 -ScannersPerSite 0 | Out-Null
        $journals = Join-Path $TestDrive 'json-fleet'
        New-Item -ItemType Directory -Path $journals | Out-Null
        $fleet = Get-GatewayNode -Segment 'JsonFleet/*' | Invoke-GatewayClusterUpgrade -Path $script:SameBuildPackage.Path -Strategy FailoverPromotion `
            -MaxFailedClusters 2 -JournalPath $journals -Confirm:$false -ErrorAction SilentlyContinue
        $back = ConvertTo-RoundTrip $fleet
        Assert-SameAfterJson $fleet $back
        $back.Result | Should -BeExactly 'Failed'
        $back.Clusters.State | Should -Be @('Upgraded', 'Failed')
        $back.Clusters.Segment | Should -Be @('JsonFleet/site-001', 'JsonFleet/site-002')
        $back.Clusters[1].Report.FailedNode | Should -BeExactly 's002-meg2'
        $back.Clusters[0].Report.Steps[0].Result | Should -BeExactly 'Done'
        $fleet.GetReport().Result.GetType().IsEnum | Should -BeTrue
        Get-GatewayLab -Name JsonFleet | Remove-GatewayLab -Confirm:$false
    }

    It 'the lab report keeps its numbers and violations; durations are seconds' {
        Wait-GatewayLab -Duration '00:01:00'
        $report = Get-GatewayLabReport
        Assert-SameAfterJson $report (ConvertTo-RoundTrip $report)
        $back = $report | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $back.ElapsedSeconds | Should -BeGreaterOrEqual 60
        $back.ElapsedSeconds | Should -BeOfType [double]
        $back.LabName | Should -Be $report.LabName
        $back.DeliveredMessages | Should -Be $report.DeliveredMessages
        $back.Violations.Name | Should -Contain 'MixedBuildOnline'
        @($back.Timeline).Count | Should -Be @($report.Timeline).Count
    }

    It 'greeting checks: decision, each check''s outcome and the SPF result by name' {
        # A name that fails the syntax check is judged without DNS or a probe, so nothing leaves the machine.
        $result = Test-GatewaySmtpGreeting -HeloName scmgateway -Address 192.0.2.11
        $back = ConvertTo-RoundTrip $result
        Assert-SameAfterJson $result $back
        $back.Decision | Should -BeExactly 'Rejected'
        $back.Syntax | Should -BeExactly 'Fail'
        $back.Spf | Should -BeExactly $result.GetResult().Spf.ToString()
        ($back.Checks | Where-Object Check -eq 'Syntax').Outcome | Should -BeExactly 'Fail'
        $back.ExpectedReply.Code | Should -Be 504
        $result.GetResult().Decision.GetType().IsEnum | Should -BeTrue
    }

    It 'sessions, labs and packages render without error' {
        { Get-GatewaySession | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue | ConvertFrom-Json } | Should -Not -Throw
        (Get-GatewayLab | ConvertTo-Json -Depth 3 | ConvertFrom-Json).Nodes | Should -Be @('meg1', 'meg2', 'meg3', 'meg4')
        Assert-SameAfterJson (Get-GatewayLab) (ConvertTo-RoundTrip (Get-GatewayLab))
        $back = $script:Package | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $back.Build | Should -BeExactly '7.6.4 P4 HF1'
        $back.Sha256 | Should -Be $script:Package.Sha256
    }

}
