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

    It 'every type name the cmdlets use has a view' {
        $names = (Get-Module EmailGateway).ImplementingAssembly.GetType('EmailGateway.Commands.TypeNames').GetFields('NonPublic,Public,Static') |
            ForEach-Object { $_.GetValue($null) }
        foreach ($name in $names) {
            Get-FormatData -TypeName $name | Should -Not -BeNullOrEmpty -Because "$name is put on output objects"
        }
    }
}
