BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Get-ViewText($InputObject, [string] $View = 'Table') {
        # Renders through the module's default views, wide enough that no column is cut.
        $text = if ($View -eq 'List') { $InputObject | Format-List | Out-String -Width 250 } else { $InputObject | Format-Table | Out-String -Width 250 }
        $text | Should -Not -Match '#ERR'
        $text
    }
}

Describe 'Views' {
    BeforeAll {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Views | Out-Null
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'nodes: a table of what an admin scans for' {
        $text = Get-ViewText (Get-GatewayNode | Sort-Object ComputerName)
        $header = ($text -split "`n" | Where-Object { $_ -match 'ComputerName' } | Select-Object -First 1)
        foreach ($column in 'ComputerName', 'Mode', 'ClusterId', 'Build', 'Network', 'Sync', 'Greeting', 'VipHolder') { $header | Should -Match $column }
        $text | Should -Match 'meg2\s+Failover\s+12\s+7\.6\.4 P4\s+Online\s+Corrupt\s+scmgateway'
        $text | Should -Match 'meg1\s+Master\s+12\s+7\.6\.4 P3\s+Online\s+Source\s+mail\.example\.com\s+192\.0\.2\.10'
    }

    It 'nodes: a list with every field' {
        $text = Get-ViewText (Get-GatewayNode -ComputerName meg2) -View List
        foreach ($field in 'Hostname', 'Build', 'Mode', 'ClusterId', 'VirtualIp', 'VipHolder', 'NetworkState', 'Greeting', 'Sync', 'MailQueue', 'Power') { $text | Should -Match "(?m)^$field\s+:" }
        $text | Should -Match 'Build\s+: 7\.6\.4 P4'
    }

    It 'consistency results: a table per cluster and a list with the findings' {
        $result = Test-GatewayClusterConsistency
        $table = Get-ViewText $result
        $table | Should -Match '12\s+False'
        $table | Should -Match 'MixedBuild'
        $list = Get-ViewText $result -View List
        $list | Should -Match '\[Error\] MixedBuild'
    }

    It 'findings: a table to scan, a list with the remedy' {
        $findings = (Test-GatewayClusterConsistency).Findings
        $table = Get-ViewText $findings
        $table | Should -Match 'RuleId\s+Severity\s+ClusterId\s+Nodes\s+Message'
        $table | Should -Match 'MixedBuild'
        $list = Get-ViewText $findings -View List
        $list | Should -Match 'Remediation\s+: .*KB80406'
    }

    It 'sessions: id, name, kind and lab' {
        $text = Get-ViewText (Get-GatewaySession)
        $text | Should -Match 'meg1\s+Lab\s+Views'
    }

    It 'upgrade steps: a table of index, KB step, action, target, outage and gate; a list with the description' {
        $package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'views-p4.pkg')
        $steps = Get-GatewayNode | Get-GatewayUpgradePlan -Path $package.Path -Strategy FailoverPromotion -RepairInterim
        $table = Get-ViewText $steps
        $table | Should -Match 'Index\s+KbStep\s+Action\s+Target\s+ExpectedOutage\s+Gate'
        $table | Should -Match '5\s+B\.3r\s+SetGreeting\s+meg2\s+00:00:00\s+meg2: offline, master'
        $table | Should -Match '6\s+B\.4\s+Switchover\s+meg1, meg2\s+00:00:03\s+.*meg2 holds the VIP'
        $list = Get-ViewText ($steps | Where-Object KbStep -eq 'B.3r') -View List
        foreach ($field in 'Index', 'KbStep', 'Action', 'Target', 'Description', 'ExpectedOutage', 'ExpectedDuration', 'Gate') { $list | Should -Match "(?m)^$field\s+:" }
        $list | Should -Match 'Description\s+: Set meg2''s greeting to mail\.example\.com'
    }

    It 'upgrade plans: a row per plan with the failed checks; a list with the preflight and the steps' {
        $plan = Get-GatewayNode | Get-GatewayUpgradePlan -TargetBuild '7.6.4 P4' -Strategy FailoverPromotion -AsPlan -ErrorAction SilentlyContinue
        $table = Get-ViewText $plan
        $table | Should -Match 'ClusterId\s+Strategy\s+Builds\s+Runnable\s+Steps\s+ExpectedOutage'
        $table | Should -Match '12\s+FailoverPromotion \(Master\)\s+7\.6\.4 P3 -> 7\.6\.4 P4\s+False\s+13\s+00:00:06\s+\S+\s+StrategySafe'
        $list = Get-ViewText $plan -View List
        $list | Should -Match 'FAIL StrategySafe: .*scmgateway'
        $list | Should -Match '(?m)^\s+2\. \[B\.1\] TakeOffline meg3, meg4'
        $list | Should -Match 'Scanners\s+: meg3, meg4'
    }

    It 'upgrade reports: the result and the mail account in a row; a list with builds and what was found at the start; step records in a table' {
        # The run changes the cluster, so it gets a KB80406 lab of its own.
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name ViewsUpgrade | Out-Null
        $package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'views-report.pkg')
        $journal = Join-Path $TestDrive 'views.journal.yaml'
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $package.Path -Strategy MasterInPlace -JournalPath $journal -Confirm:$false
        $table = Get-ViewText $report
        $table | Should -Match 'Strategy\s+Result\s+TargetBuild\s+OutageSeconds\s+RejectedDeliveries\s+Violations\s+DurationSeconds'
        $table | Should -Match "12\s+MasterInPlace\s+Succeeded\s+7\.6\.4 P4\s+$($report.OutageSeconds)\s+0\s+0\s+$($report.DurationSeconds)"
        $list = Get-ViewText $report -View List
        $list | Should -Match 'BuildsAfter\s+: meg1 7\.6\.4 P4, meg2 7\.6\.4 P4, meg3 7\.6\.4 P4, meg4 7\.6\.4 P4'
        $list | Should -Match 'FoundAtStart\s+: MixedBuildOnline \[meg1, meg2, meg3, meg4\]'
        $list | Should -Match "Steps\s+: $($report.Steps.Count) of $($report.Steps.Count) done"
        $list | Should -Not -Match '(?m)^NextAction'
        $records = Get-ViewText $report.Steps
        $records | Should -Match 'Index\s+KbStep\s+Action\s+Target\s+Result\s+Attempts\s+DurationSeconds\s+Message'
        $records | Should -Match '3\s+A\.2\s+Update\s+meg2\s+AlreadyDone\s+1\s+0\s+meg2 already runs 7\.6\.4 P4'
        $records | Should -Match '4\s+A\.3\s+Update\s+meg1\s+Done\s+1\s+\d+'
    }

    It 'every type name the cmdlets use has a view' {
        $assembly = (Get-Module EmailGateway).ImplementingAssembly
        $names = $assembly.GetType('EmailGateway.Commands.TypeNames', $true).GetFields('NonPublic,Public,Static') | ForEach-Object { $_.GetValue($null) }
        $names | Should -Contain 'EmailGateway.UpgradeReport'
        foreach ($name in $names) {
            Get-FormatData -TypeName $name | Should -Not -BeNullOrEmpty -Because "$name is put on output objects"
        }
    }
}
