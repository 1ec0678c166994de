BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Streams' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Streams | Out-Null
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It '-Verbose shows each command sent and its outcome' {
        $verbose = Get-GatewayNode -ComputerName meg1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Message | Should -Contain 'meg1: show status'
        $verbose.Message | Should -Contain "meg1: 'show status' succeeded"
    }

    It '-Verbose shows a failed command with the appliance''s error' {
        Set-GatewayLabFault -ComputerName meg3 -Fault FailCommands -Count 5 -Confirm:$false
        $verbose = Set-GatewayClusterId -ComputerName meg3 -ClusterId 14 -Confirm:$false -Verbose -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message | Where-Object { $_ -like "meg3: '*' failed: *" }) | Should -Not -BeNullOrEmpty
    }

    It '-Debug shows the raw replies' {
        # The preference rather than -Debug, which would ask to continue at each message.
        $debug = & { $DebugPreference = 'Continue'; Get-GatewayNode -ComputerName meg2 } 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $raw = $debug.Message | Where-Object { $_ -like 'meg2: exit 0; stdout:*' }
        $raw | Should -Not -BeNullOrEmpty
        $raw | Should -Match 'helo: scmgateway'
    }

    It 'nothing secret-looking is written to the verbose or debug streams' {
        $records = & { $DebugPreference = 'Continue'; Get-GatewayNode -Verbose } 4>&1 5>&1 | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] }
        $records.Message | Should -Not -Match '(?i)password|passphrase|private key'
    }

    It 'warns when the node holding the virtual IP goes offline, and still does it' {
        $warnings = $null
        Set-GatewayNodeState -ComputerName meg1 -State Offline -Force -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'meg1 holds the virtual IP 192\.0\.2\.10'
        (Get-GatewayNode -ComputerName meg1).NetworkState | Should -Be 'Offline'
    }

    It 'warns when a corrupt failover comes back online' {
        Set-GatewayNodeState -ComputerName meg2 -State Offline -Confirm:$false -WarningAction SilentlyContinue
        $warnings = $null
        Set-GatewayNodeState -ComputerName meg2 -State Online -Force -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'corrupt.*scmgateway.*KB80406'
    }

    It 'a quiet change writes no warning' {
        $warnings = $null
        Set-GatewayNodeState -ComputerName meg3 -State Offline -Confirm:$false -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
    }

    It 'writes milestones to the information stream' {
        $info = Restart-GatewayNode -ComputerName meg3 -Confirm:$false 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }
        "$($info.MessageData)" | Should -Match 'meg3 is back'
        $info[0].Source | Should -Be 'Restart-GatewayNode'
        $info = Set-GatewayNodeState -ComputerName meg4 -State Offline -Confirm:$false 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }
        "$($info.MessageData)" | Should -Be 'meg4 is offline.'
    }
}

Describe 'Messages from parallel work' {
    BeforeAll {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset Healthy -Name Flow | Out-Null
        $script:Package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'p4.pkg')
        Get-GatewayNode -Mode Scanner | Set-GatewayNodeState -State Offline -Confirm:$false
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'are written as they happen, while an earlier node is still at work; results and errors keep the input order' {
        # meg3 comes first, and its update would hang for a whole (lab) day. The pipeline clears its fault as soon
        # as it sees meg4's milestone, which power-cycles meg3 back onto its old build. Were messages held back
        # until meg3's own outcome, meg3 would time out instead.
        Set-GatewayLabFault -ComputerName meg3 -Fault UpdateNeverReturns -Confirm:$false
        $seen = Install-GatewayUpdate -ComputerName meg3, meg4 -Path $script:Package.Path -UpdateTimeoutSeconds 86400 -PassThru -Confirm:$false `
            -ErrorAction Continue *>&1 | ForEach-Object {
                switch ($_) {
                    { $_ -is [System.Management.Automation.InformationRecord] } {
                        "message: $($_.MessageData)"
                        if ("$($_.MessageData)" -like 'meg4 updated*') {
                            Set-GatewayLabFault -ComputerName meg3 -Clear -Confirm:$false
                            'meg3 released'
                        }
                    }
                    { $_ -is [System.Management.Automation.ErrorRecord] } { "error: $($_.TargetObject) $($_.FullyQualifiedErrorId.Split(",")[0])" }
                    { $_.PSObject.TypeNames -contains 'EmailGateway.GatewayNode' } { "result: $($_.ComputerName) $($_.Build)" }
                }
            }
        $seen | Should -Be @(
            'message: meg4 updated from 7.6.4 P3 to 7.6.4 P4.'
            'meg3 released'
            'error: meg3 InstallGatewayUpdateUpdateFailed' # released in time, not timed out
            'result: meg4 7.6.4 P4')
    }
}
