BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'meg-7.6.4-P4.pkg')
    $script:TwoSites = Join-Path $TestDrive 'two-sites.yaml'
    @'
settings: { name: two-sites, timings: { update: 20m, restart: 5m, vrrpTakeover: 3s, configPush: 60s, queueHold: 5s } }
segments:
  - name: east
    virtualIp: 192.0.2.10
    nodes:
      - { name: e1, build: 7.6.4 P3, mode: master, clusterId: 12, address: 192.0.2.11, helo: mail.example.com }
      - { name: e2, build: 7.6.4 P3, mode: failover, clusterId: 12, address: 192.0.2.12, helo: mail.example.com }
  - name: west
    virtualIp: 192.0.2.10
    nodes:
      - { name: w1, build: 7.6.4 P3, mode: master, clusterId: 12, address: 192.0.2.11, helo: mail.example.com }
      - { name: w2, build: 7.6.4 P4, mode: failover, clusterId: 12, address: 192.0.2.12, helo: scmgateway, sync: corrupt }
'@ | Set-Content -Path $script:TwoSites
}

Describe 'Segments: two labs with the same cluster id are two clusters' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset Healthy -Name A -Prefix a- | Out-Null
        New-GatewayLab -Preset KB80406 -Name B -Prefix b- | Out-Null
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'each lab is its own segment: sessions and nodes carry it' {
        (Get-GatewaySession -ComputerName a-meg1).Segment | Should -Be 'A'
        $nodes = Get-GatewayNode
        ($nodes | Where-Object ComputerName -like 'a-*').Segment | Select-Object -Unique | Should -Be 'A'
        ($nodes | Where-Object ComputerName -like 'b-*').Segment | Select-Object -Unique | Should -Be 'B'
        (Get-GatewayLab -Name A).Segments | Should -Be 'A'
    }

    It 'Test-GatewayClusterConsistency gives one result per segment and id, with no false hazard' {
        $results = @(Test-GatewayClusterConsistency)
        $results.Count | Should -Be 2
        $results.Segment | Should -Be @('A', 'B')
        $results.ClusterId | Should -Be @(12, 12)
        $results[0].InDesiredState | Should -BeTrue
        $results[1].Findings.RuleId | Should -Contain 'MixedBuild'
        $results.Findings.RuleId | Should -Not -Contain 'MultipleMasters'
        $results.Findings.RuleId | Should -Not -Contain 'MultipleFailovers'
        @(Test-GatewayClusterConsistency -Segment A).Segment | Should -Be 'A'
        Test-GatewayClusterConsistency -Segment A -Quiet | Should -BeTrue
    }

    It 'Test-GatewayClusterConsistency -Segment reads only that segment: a node of another that does not answer is not its concern' {
        Set-GatewayLabFault -ComputerName b-meg3 -Fault Unreachable -Confirm:$false
        $errors = @()
        Test-GatewayClusterConsistency -Segment A -Quiet -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeTrue
        $errors | Should -BeNullOrEmpty
        @(Test-GatewayClusterConsistency -Segment 'A*' -ErrorVariable errors -ErrorAction SilentlyContinue).Segment | Should -Be 'A'
        $errors | Should -BeNullOrEmpty
        # Asked for B, it is B's node that fails the check.
        Test-GatewayClusterConsistency -Segment B -Quiet -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeFalse
        $errors.TargetObject | Should -Be 'b-meg3'
    }

    It 'Get-GatewayNode -Segment reads only that segment (wildcards allowed)' {
        (Get-GatewayNode -Segment A).ComputerName | Should -Be @('a-meg1', 'a-meg2', 'a-meg3', 'a-meg4')
        @(Get-GatewayNode -Segment '*').Count | Should -Be 8
        Get-GatewayNode -Segment nowhere | Should -BeNullOrEmpty
    }

    It 'the guard reads only the segment it judges: a node of another that does not answer is not mentioned' {
        Set-GatewayLabFault -ComputerName b-meg3 -Fault Unreachable -Confirm:$false
        $warnings = @()
        Set-GatewayNodeState -ComputerName a-meg4 -State Offline -Confirm:$false -WarningVariable warnings -ErrorAction Stop
        (Get-GatewayNode -ComputerName a-meg4).NetworkState | Should -Be 'Offline'
        $warnings | Should -BeNullOrEmpty
        # A change in B still hears that its own node did not answer.
        Set-GatewayNodeState -ComputerName b-meg4 -State Offline -Confirm:$false -WarningVariable warnings -ErrorAction Stop
        "$warnings" | Should -Match 'The KB80406 guard could not read b-meg3'
    }

    It 'the guard judges each segment alone' {
        # B's failover is corrupt, so B's master may not drop; A is healthy, so A's may.
        { Set-GatewayNodeState -ComputerName b-meg1 -State Offline -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'SetGatewayNodeStateRefusedByGuard,*'
        Set-GatewayNodeState -ComputerName a-meg1 -State Offline -Confirm:$false -ErrorAction Stop
        (Get-GatewayNode -ComputerName a-meg1).NetworkState | Should -Be 'Offline'
    }

    It 'plans and upgrades one segment cluster: its plan and report carry the segment' {
        $plan = Get-GatewayNode -Segment A | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -AsPlan
        $plan.Segment | Should -Be 'A'
        $plan.IsRunnable | Should -BeTrue
        $report = Get-GatewayNode -Segment A | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -JournalPath (Join-Path $TestDrive 'a.yaml') -Confirm:$false
        $report.Segment | Should -Be 'A'
        $report.Result | Should -Be 'Succeeded'
        (Get-GatewayNode -Segment B | ForEach-Object { "$($_.Build)" }) | Should -Contain '7.6.4 P3'
    }

    It 'a desired state names clusters by segment and id' {
        $desired = Join-Path $TestDrive 'desired.yaml'
        "clusters:`n  - { segment: A, clusterId: 12, build: 7.6.4 P3 }`n  - { segment: B, clusterId: 12, build: 7.6.4 P4 }" | Set-Content $desired
        $results = Test-GatewayClusterConsistency -DesiredStatePath $desired
        ($results | Where-Object Segment -eq A).InDesiredState | Should -BeTrue
        $b = $results | Where-Object Segment -eq B
        ($b.Findings | Where-Object RuleId -eq DesiredBuild).Nodes | Should -Be @('b-meg1', 'b-meg3', 'b-meg4')
    }

    It '-Segment completes with the labs'' segments' {
        $completions = TabExpansion2 -inputScript 'Get-GatewayNode -Segment ' -cursorColumn 'Get-GatewayNode -Segment '.Length
        $completions.CompletionMatches.CompletionText | Should -Be @('A', 'B')
    }

    It 'the node table is grouped by segment' {
        $text = Get-GatewayNode | Out-String -Width 120
        $text | Should -Match 'Segment: A'
        $text | Should -Match 'Segment: B'
    }
}

Describe 'Segments: a lab of several segments' {
    BeforeEach { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'a description declaring segments makes one lab with one segment each, named after the lab' {
        $lab = New-GatewayLab -Path $script:TwoSites -Name Sites
        $lab.Segments | Should -Be @('Sites/east', 'Sites/west')
        $results = @(Test-GatewayClusterConsistency)
        $results.Segment | Should -Be @('Sites/east', 'Sites/west')
        $results.InDesiredState | Should -Be @($true, $false)
        $reports = @(Get-GatewayLabReport -Name Sites)
        $reports.Segment | Should -Be @('Sites/east', 'Sites/west')
        @(Get-GatewayLabReport -Name Sites -Segment '*west').Segment | Should -Be 'Sites/west'
        Wait-GatewayLab -Name Sites -Duration 00:01:00
        (Get-GatewayLab -Name Sites).ElapsedSeconds | Should -Be 60
    }

    It 'the Fleet preset: sites of one cluster id, a few in the KB80406 state' {
        $lab = New-GatewayLab -Preset Fleet -Sites 5 -ScannersPerSite 1
        $lab.Name | Should -Be 'Fleet'
        @($lab.Segments).Count | Should -Be 5
        @($lab.Nodes).Count | Should -Be 15
        $results = @(Test-GatewayClusterConsistency)
        $results.Count | Should -Be 5
        ($results | Where-Object { -not $_.InDesiredState }).Segment | Should -Be 'Fleet/site-003'
        (Get-GatewayLab | Format-Table | Out-String) | Should -Match '5 segments, 15 nodes'
    }

    It '-Sites and -ScannersPerSite belong to the Fleet preset' {
        { New-GatewayLab -Preset Healthy -Sites 3 -ErrorAction Stop } | Should -Throw -ErrorId 'NewGatewayLabSizeWithoutFleet,*'
        { New-GatewayLab -Preset Fleet -Sites 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        Get-GatewayLab | Should -BeNullOrEmpty
    }
}

Describe 'Segments: sessions to real appliances' {
    It 'New-GatewaySession takes -Segment (alias -Site) and refuses a name that is not one before connecting' {
        (Get-ParameterInfo 'New-GatewaySession' 'Segment').Aliases | Should -Contain 'Site'
        $credential = [pscredential]::new('admin', (ConvertTo-SecureString 'x' -AsPlainText -Force))
        { New-GatewaySession -ComputerName 192.0.2.1 -Segment 'east side' -Credential $credential -ErrorAction Stop } |
            Should -Throw -ErrorId 'NewGatewaySessionInvalidArgument,*'
        Get-GatewaySession -ComputerName 192.0.2.1 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'One run per cluster, whoever starts it' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset Healthy -Name Locked | Out-Null
        $script:Nested = $null
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'a second run on the same cluster with another -JournalPath is refused and changes nothing' {
        $hook = {
            if ($_.Step.Index -eq 1 -and -not $script:Nested) {
                try {
                    Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy MasterInPlace -JournalPath (Join-Path $TestDrive 'second.yaml') -Confirm:$false -ErrorAction Stop
                    $script:Nested = 'not refused'
                }
                catch { $script:Nested = $_ }
            }
        }
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -JournalPath (Join-Path $TestDrive 'first.yaml') -BeforeStep $hook -Confirm:$false
        $script:Nested | Should -Not -Be 'not refused'
        $script:Nested.FullyQualifiedErrorId | Should -BeLike 'InvokeGatewayClusterUpgradePreflightFailed,*'
        "$($script:Nested.Exception.Message) $(($script:Nested.TargetObject.FailedChecks | ForEach-Object Reason) -join ' ')" | Should -Match 'NoRunLock'
        Test-Path (Join-Path $TestDrive 'second.yaml') | Should -BeFalse
        $report.Result | Should -Be 'Succeeded'
    }
}
