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
        $header = ($text -split "`n" | Where-Object { $_ -match '^Name\s' } | Select-Object -First 1)
        foreach ($column in 'Name', 'Mode', 'Cluster', 'Build', 'Network', 'Sync', 'Greeting', 'Vip') { $header | Should -Match "\b$column\b" }
        $text | Should -Match 'meg2\s+Failover\s+12\s+7\.6\.4 P4\s+Online\s+Corrupt\s+scmgateway\s+False'
        $text | Should -Match 'meg1\s+Master\s+12\s+7\.6\.4 P3\s+Online\s+Source\s+mail\.example\.com\s+True'
    }

    It 'nodes at <Width> columns: every line fits and the KB''s columns are all there' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        # A console of $Width columns lays tables out in one column less.
        $lines = (Get-GatewayNode | Format-Table | Out-String -Width ($Width - 1)) -split "`r?`n"
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual ($Width - 1)
        $header = $lines | Where-Object { $_ -match '^Name\s' } | Select-Object -First 1
        foreach ($column in 'Mode', 'Cluster', 'Build', 'Network', 'Sync', 'Greeting', 'Vip') { $header | Should -Match "\b$column\b" }
        $lines -join "`n" | Should -Not -Match '…' -Because 'no KB value is cut short in the lab'
        if ($Width -ge 120) { $header | Should -Match '\bQueue\s+Power\b' }
    }

    It 'every column label of the node and lab report tables is a property (or an alias) of the object' {
        foreach ($item in @(@{ Object = (Get-GatewayNode -ComputerName meg1); View = 'GatewayNode' }, @{ Object = (Get-GatewayLabReport); View = 'LabReport' })) {
            $view = Get-FormatData -TypeName $item.Object.PSObject.TypeNames[0] | ForEach-Object FormatViewDefinition | Where-Object Name -eq $item.View
            $labels = $view.Control.Headers.Label
            $labels | Should -Not -BeNullOrEmpty
            foreach ($label in $labels) { $item.Object.PSObject.Properties.Name | Should -Contain $label -Because "the $($item.View) column $label" }
        }
    }

    It 'nodes: a list with every field' {
        $text = Get-ViewText (Get-GatewayNode -ComputerName meg2) -View List
        foreach ($field in 'Hostname', 'Build', 'Mode', 'ClusterId', 'VirtualIp', 'VrrpActive', 'NetworkState', 'Helo', 'Sync', 'MailQueue', 'Power') { $text | Should -Match "(?m)^$field\s+:" }
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
        $table | Should -Match 'RuleId\s+Severity\s+Nodes\s+Message\s+ClusterId'
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
        $table | Should -Match 'Index\s+KbStep\s+Action\s+Target\s+Outage\s+Gate'
        $table | Should -Match '5\s+B\.3r\s+SetGreeting\s+meg2\s+0\s+meg2: offline, master'
        $table | Should -Match '6\s+B\.4\s+Switchover\s+meg1, meg2\s+3\s+'
        $table | Should -Match 'meg2 holds the VIP'
        $list = Get-ViewText ($steps | Where-Object KbStep -eq 'B.3r') -View List
        foreach ($field in 'Index', 'KbStep', 'Action', 'Target', 'Description', 'ExpectedOutageSeconds', 'ExpectedDurationSeconds', 'Gate') { $list | Should -Match "(?m)^$field\s+:" }
        $list | Should -Match 'Description\s+: Set meg2''s greeting to mail\.example\.com'
    }

    It 'upgrade plans: a row per plan with the failed checks; a list with the preflight and the steps' {
        $plan = Get-GatewayNode | Get-GatewayUpgradePlan -TargetBuild '7.6.4 P4' -Strategy FailoverPromotion -AsPlan -ErrorAction SilentlyContinue
        $table = Get-ViewText $plan
        $table | Should -Match 'ClusterId\s+Strategy\s+SourceBuild\s+TargetBuild\s+Runnable\s+FailedChecks\s+Outage\s+InterimMode\s+Duration'
        $table | Should -Match '12\s+FailoverPromotion\s+7\.6\.4 P3\s+7\.6\.4 P4\s+False\s+StrategySafe\s+6\s+Master\s+\S+'
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
        $table | Should -Match 'Strategy\s+Result\s+TargetBuild\s+Outage\s+Rejected\s+Violations\s+Duration'
        $table | Should -Match "12\s+MasterInPlace\s+Succeeded\s+7\.6\.4 P4\s+$($report.OutageSeconds)\s+0\s+0\s+$($report.DurationSeconds)"
        $list = Get-ViewText $report -View List
        $list | Should -Match 'BuildsAfter\s+: meg1 7\.6\.4 P4, meg2 7\.6\.4 P4, meg3 7\.6\.4 P4, meg4 7\.6\.4 P4'
        $list | Should -Match 'FoundAtStart\s+: MixedBuildOnline \[meg1, meg2, meg3, meg4\]'
        $list | Should -Match "Steps\s+: $($report.Steps.Count) of $($report.Steps.Count) done"
        $list | Should -Not -Match '(?m)^NextAction'
        $records = Get-ViewText $report.Steps
        $records | Should -Match 'Index\s+KbStep\s+Action\s+Target\s+Result\s+Duration\s+Message\s+Attempts'
        $records | Should -Match '3\s+A\.2\s+Update\s+meg2\s+AlreadyDone\s+0\s+meg2 already runs'
        $records | Should -Match '4\s+A\.3\s+Update\s+meg1\s+Done\s+\d+'
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

Describe 'Views at 80 and 120 columns' {
    BeforeAll {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Widths | Out-Null
        $package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'widths.pkg')
        Wait-GatewayLab -Duration '00:01:00'
        $result = Test-GatewayClusterConsistency
        $plan = Get-GatewayNode | Get-GatewayUpgradePlan -Path $package.Path -Strategy FailoverPromotion -AsPlan -ErrorAction SilentlyContinue
        $steps = Get-GatewayNode | Get-GatewayUpgradePlan -Path $package.Path -Strategy FailoverPromotion -RepairInterim
        $nodes = Get-GatewayNode
        $report = $nodes | Invoke-GatewayClusterUpgrade -Path $package.Path -Strategy MasterInPlace -JournalPath (Join-Path $TestDrive 'widths.yaml') -Confirm:$false
        $labReport = Get-GatewayLabReport
        $labs = Get-GatewayLab
        $sessions = Get-GatewaySession
        # A closed loopback port as DNS server: nothing leaves the machine.
        $greetings = Get-GatewayNode | Test-GatewaySmtpGreeting -DnsServer 127.0.0.1:9 -TimeoutSeconds 1
        $profiles = Join-Path $PSScriptRoot '../docs/profiles'
        # A transcript in a deep folder, as in a clone under a long temporary path: the group line must still fit.
        $deep = Join-Path $TestDrive ('captured-transcripts-of-site-north/' * 3)
        New-Item -ItemType Directory -Path $deep -Force | Out-Null
        Copy-Item (Join-Path $profiles 'text-cli.transcript.txt') $deep
        $fields = Test-GatewayDeviceProfile (Join-Path $deep 'text-cli.transcript.txt') (Join-Path $profiles 'text-cli.yaml')
        # A rollout over three sites that keep the same cluster id: one upgrades, one fails its update (the preset's fault), one fails its preflight.
        New-GatewayLab -Preset Fleet -Name WidthsFleet -Sites 3 -ScannersPerSite 0 | Out-Null
        $journals = Join-Path $TestDrive 'widths-fleet'
        New-Item -ItemType Directory -Path $journals | Out-Null
        $fleet = Get-GatewayNode -Segment 'WidthsFleet/*' | Invoke-GatewayClusterUpgrade -Path $package.Path -Strategy FailoverPromotion -MaxFailedClusters 3 `
            -JournalPath $journals -Confirm:$false -ErrorAction SilentlyContinue
        # Each kind, the columns it must show at 80 (the KB's first), those a 120-column window adds, and long text whose words must stay whole (Words120: only shown at 120).
        $script:Kinds = @{
            Node        = @{ Objects = $nodes; At80 = 'Name', 'Mode', 'Cluster', 'Build', 'Network', 'Sync', 'Greeting', 'Vip'; At120 = 'Queue', 'Power'; Words = @($nodes.Helo) }
            Consistency = @{ Objects = $result; At80 = 'ClusterId', 'InDesiredState', 'Builds', 'Findings', 'Nodes'; At120 = @(); Words = @($result.Findings.RuleId) + @($result.Builds) }
            Finding     = @{ Objects = $result.Findings; At80 = 'RuleId', 'Severity', 'Nodes', 'Message'; At120 = @('ClusterId'); Words = @($result.Findings.Message) }
            Plan        = @{ Objects = $plan; At80 = 'ClusterId', 'Strategy', 'SourceBuild', 'TargetBuild', 'Runnable', 'FailedChecks'; At120 = 'Outage', 'InterimMode', 'Duration'; Words = @('StrategySafe') }
            Step        = @{ Objects = $steps; At80 = 'Index', 'KbStep', 'Action', 'Target', 'Outage', 'Gate'; At120 = @(); Words = @($steps.GateText) }
            Report      = @{ Objects = $report; At80 = 'ClusterId', 'Strategy', 'Result', 'TargetBuild', 'Outage', 'Rejected', 'Violations'; At120 = @('Duration'); Words = @('MasterInPlace', 'Succeeded') }
            StepRecord  = @{ Objects = $report.Steps; At80 = 'Index', 'KbStep', 'Action', 'Target', 'Result', 'Duration', 'Message'; At120 = @('Attempts'); Words = @($report.Steps.Message) }
            LabReport   = @{ Objects = $labReport; At80 = 'Lab', 'Outage', 'Rejected', 'Deferred', 'Delivered', 'Stranded', 'Violations'; At120 = @('Elapsed'); Words = @('MixedBuildOnline') }
            Violation   = @{ Objects = $labReport.Violations; At80 = 'Name', 'Nodes', 'From', 'To', 'Detail'; At120 = @(); Words = @($labReport.Violations.Detail) }
            Lab         = @{ Objects = $labs; At80 = 'Name', 'Nodes', 'Violations', 'Elapsed'; At120 = 'Source', 'Now'; Words = @($labs.Nodes) + @('Widths'); Words120 = @($labs | ForEach-Object { $_.Now.ToString('yyyy-MM-dd HH:mm:ss') }) }
            Session     = @{ Objects = $sessions; At80 = 'Id', 'ComputerName', 'Kind', 'Lab', 'Profile', 'Created'; At120 = @('Segment'); Words = @($sessions.ComputerName) + @($sessions | ForEach-Object { $_.CreatedAt.ToString('yyyy-MM-dd HH:mm:ss') }) }
            Greeting    = @{ Objects = $greetings; At80 = 'ComputerName', 'HeloName', 'Decision', 'Reason'; At120 = 'Address', 'Dns', 'Spf'; Words = @($greetings.HeloName) + @($greetings.Reason) }
            Package     = @{ Objects = $package; At80 = 'FileName', 'Build', 'Product', 'Length'; At120 = @('Sha256'); Words = @('widths.pkg', '7.6.4', 'P4') }
            Profile     = @{ Objects = $fields; At80 = 'Field', 'Outcome', 'Line', 'Location', 'Value'; At120 = @(); Words = @('NetworkState', 'meg2.example.com', 'Traffic', 'interfaces/Link') }
            Fleet       = @{ Objects = $fleet; At80 = 'Result', 'Total', 'Upgraded', 'Current', 'Skipped', 'Failed', 'Outage', 'Rejected', 'Window'; At120 = 'Stopped', 'NotStarted', 'TargetBuild'; Words = @('Failed') }
            FleetCluster = @{ Objects = $fleet.Clusters; At80 = 'Segment', 'ClusterId', 'State', 'Outage', 'Rejected', 'Reason'; At120 = 'Order', 'Canary', 'Duration'; Words = @($fleet.Clusters.Segment) + @($fleet.Clusters.Reason) }
        }
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It '<Kind> at <Width>: every line fits, the columns are there, no value is cut and no word broken' -ForEach @(
        foreach ($kind in 'Node', 'Consistency', 'Finding', 'Plan', 'Step', 'Report', 'StepRecord', 'LabReport', 'Violation', 'Lab', 'Session', 'Greeting', 'Package', 'Profile', 'Fleet', 'FleetCluster') {
            foreach ($width in 80, 120) { @{ Kind = $kind; Width = $width } }
        }
    ) {
        $case = $script:Kinds[$Kind]
        @($case.Objects).Count | Should -BeGreaterThan 0
        # A console of $Width columns lays tables out in one column less, so that no line reaches the last column and wraps.
        $text = $case.Objects | Format-Table | Out-String -Width ($Width - 1)
        $text | Should -Not -Match '#ERR'
        $lines = $text -split "`r?`n"
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual ($Width - 1)
        # A grouped table (nodes by segment, profile fields by transcript) opens with its group line; the header is the first line after it.
        $header = ($lines | Where-Object { $_.Trim() -and $_ -notmatch '^\s*(Segment|Transcript): ' } | Select-Object -First 1)
        $columns = @($header.Trim() -split '\s+')
        $expected = if ($Width -ge 120) { @($case.At80) + @($case.At120) } else { @($case.At80) }
        foreach ($column in $expected) { $columns | Should -Contain $column -Because "the $Kind table at $Width shows $column" }
        $text | Should -Not -Match '\u2026' -Because 'a cut value ends with an ellipsis'
        $tokens = @(($lines -join ' ') -split '[\s,;]+')
        $words = if ($Width -ge 120) { @($case.Words) + @($case.Words120) } else { @($case.Words) }
        foreach ($word in (@($words) -join ' ') -split '[\s,;]+' | Where-Object { $_ }) { $tokens | Should -Contain $word -Because "'$word' is whole in the $Kind table at $Width" }
        # Every label is a property (or an alias property) of the objects, so filters take what the table shows.
        $first = @($case.Objects)[0]
        foreach ($column in $columns) { $first.PSObject.Properties.Name | Should -Contain $column -Because "the $Kind column $column" }
    }

    It 'the violations view shows when each violation ended (To), or open' {
        $text = $script:Kinds.Violation.Objects | Format-Table | Out-String -Width 120
        $text | Should -Match 'MixedBuildOnline\s+meg1, meg2,\s+\d\d:\d\d:\d\d\s+\d\d:\d\d:\d\d\s'
    }

    It 'ViewText breaks text at spaces and puts lists one item a line' {
        [EmailGateway.Output.ViewText]::Wrap('meg2: offline, failover, 7.6.4 P4', 16) | Should -Be "meg2: offline,`nfailover, 7.6.4`nP4"
        [EmailGateway.Output.ViewText]::Lines(@('MixedBuild', 'ConfigNotInSync'), 17) | Should -Be "MixedBuild`nConfigNotInSync"
        [EmailGateway.Output.ViewText]::Wrap('abcdefghij', 4) | Should -Be "abcd`nefgh`nij"
    }
}
