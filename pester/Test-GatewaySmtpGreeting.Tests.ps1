# The surface of Test-GatewaySmtpGreeting. These cases need no DNS server: a greeting refused for its syntax is
# decided before any lookup, and the one DNS case points at a closed loopback port.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $command = Get-Command Test-GatewaySmtpGreeting -ErrorAction Stop
}

Describe 'Test-GatewaySmtpGreeting parameters' {
    It 'has the ByNode and ByName parameter sets, ByNode by default' {
        $command.ParameterSets.Name | Should -Contain 'ByNode'
        $command.ParameterSets.Name | Should -Contain 'ByName'
        $command.DefaultParameterSet | Should -Be 'ByNode'
    }

    It 'declares its output type' {
        $command.OutputType.Name | Should -Contain 'EmailGateway.Output.SmtpGreetingOutput'
    }

    It 'binds <_> from pipeline objects by property name' -ForEach 'ComputerName', 'Helo', 'Address', 'VirtualIp', 'VrrpActive' {
        $parameter = $command.Parameters[$_]
        $byNode = $parameter.ParameterSets['ByNode']
        $byNode.ValueFromPipelineByPropertyName | Should -BeTrue
    }

    It 'takes -HeloName and -Address by position in ByName' {
        $command.Parameters['HeloName'].ParameterSets['ByName'].Position | Should -Be 0
        $command.Parameters['Address'].ParameterSets['ByName'].Position | Should -Be 1
    }

    It 'has -<_> in every parameter set' -ForEach 'DnsServer', 'ProbeServer', 'ProbeRecipient', 'TimeoutSeconds', 'ThrottleLimit' {
        $command.Parameters[$_].ParameterSets.Keys | Should -Contain '__AllParameterSets'
    }
}

Describe 'Test-GatewaySmtpGreeting results' {
    It 'refuses the factory greeting with the receiver''s reply' {
        $result = Test-GatewaySmtpGreeting -HeloName scmgateway -Address 192.0.2.11

        $result.PSObject.TypeNames[0] | Should -Be 'EmailGateway.SmtpGreetingResult'
        $result.Decision | Should -Be 'Rejected'
        $result.Syntax | Should -Be 'Fail'
        $result.Reason | Should -Be '504 5.5.2 <scmgateway>: Helo command rejected: need fully-qualified hostname'
    }

    It 'has an SpfExplanation, empty when SPF was not evaluated' {
        $result = Test-GatewaySmtpGreeting -HeloName scmgateway -Address 192.0.2.11

        $result.PSObject.Properties.Name | Should -Contain 'SpfExplanation'
        $result.SpfExplanation | Should -BeNullOrEmpty
        ($result | Format-List | Out-String -Width 120) | Should -Match 'SpfExplanation'
    }

    It 'takes nodes from the pipeline and keeps their ComputerName' {
        $nodes = @(
            [pscustomobject]@{ ComputerName = 'meg1'; Helo = 'scmgateway'; Address = '192.0.2.11' }
            [pscustomobject]@{ ComputerName = 'meg2'; Helo = 'bad..name.example'; Address = '192.0.2.12' }
        )

        $results = $nodes | Test-GatewaySmtpGreeting

        $results.ComputerName | Should -Be @('meg1', 'meg2')
        $results.ExpectedReply.Code | Should -Be @(504, 501)
    }

    It 'checks from the virtual IP when the node holds it' {
        $node = [pscustomobject]@{ ComputerName = 'meg2'; Helo = 'scmgateway'; Address = '192.0.2.12'; VirtualIp = '192.0.2.10'; VrrpActive = $true }

        ($node | Test-GatewaySmtpGreeting).Address | Should -Be '192.0.2.10'
    }

    It 'checks from the node address when it does not hold the virtual IP' {
        $node = [pscustomobject]@{ ComputerName = 'meg2'; Helo = 'scmgateway'; Address = '192.0.2.12'; VirtualIp = '192.0.2.10'; VrrpActive = $false }

        ($node | Test-GatewaySmtpGreeting).Address | Should -Be '192.0.2.12'
    }

    It 'says Unknown when the DNS server does not answer' {
        $result = Test-GatewaySmtpGreeting -HeloName mail.example.com -Address 192.0.2.10 -DnsServer 127.0.0.1:9 -TimeoutSeconds 1

        $result.Decision | Should -Be 'Unknown'
        $result.Dns | Should -Be 'Unknown'
    }
}

Describe 'Test-GatewaySmtpGreeting bad input' {
    It 'reports a node without an address as a non-terminating error and goes on' {
        $nodes = @(
            [pscustomobject]@{ ComputerName = 'meg3'; Helo = 'scmgateway'; Address = '' }
            [pscustomobject]@{ ComputerName = 'meg4'; Helo = 'scmgateway'; Address = '192.0.2.14' }
        )

        $results = $nodes | Test-GatewaySmtpGreeting -ErrorVariable errors -ErrorAction SilentlyContinue

        $results.ComputerName | Should -Be 'meg4'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'TestGatewaySmtpGreetingNoAddress,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject | Should -Be 'meg3'
    }

    It 'reports an address that is not an IP address' {
        Test-GatewaySmtpGreeting -HeloName mail.example.com -Address 'not-an-ip' -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'TestGatewaySmtpGreetingInvalidAddress,*'
    }

    It 'stops on a DNS server that is not ip[:port]' {
        { Test-GatewaySmtpGreeting -HeloName mail.example.com -Address 192.0.2.10 -DnsServer dns.example.com -ErrorAction Stop } |
            Should -Throw -ErrorId 'TestGatewaySmtpGreetingInvalidDnsServer,*'
    }

    It 'stops on a probe server with a bad port' {
        { Test-GatewaySmtpGreeting -HeloName mail.example.com -Address 192.0.2.10 -ProbeServer 'mx.example.com:99999' -ErrorAction Stop } |
            Should -Throw -ErrorId 'TestGatewaySmtpGreetingInvalidProbeServer,*'
    }

    It 'refuses a timeout out of range' {
        { Test-GatewaySmtpGreeting -HeloName mail.example.com -Address 192.0.2.10 -TimeoutSeconds 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'Test-GatewaySmtpGreeting on lab nodes' {
    BeforeAll {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name SmtpSpec | Out-Null
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'takes GatewayNode objects from Get-GatewayNode and refuses the corrupt failover''s greeting' {
        # a closed loopback port as DNS server: the lab's names are not in any real zone, and no query leaves the machine
        $results = Get-GatewayNode | Test-GatewaySmtpGreeting -DnsServer 127.0.0.1:9 -TimeoutSeconds 1

        $results.Count | Should -Be 4
        $failover = Get-GatewayNode | Where-Object Mode -eq Failover
        $verdict = $results | Where-Object ComputerName -eq $failover.ComputerName
        $verdict.HeloName | Should -Be 'scmgateway'
        $verdict.Decision | Should -Be 'Rejected'
        $verdict.ExpectedReply.Code | Should -Be 504
        ($results | Where-Object ComputerName -ne $failover.ComputerName).Decision | Should -Not -Contain 'Rejected'
    }

    It 'checks the nodes in parallel, at most -ThrottleLimit at once, and returns every result in input order (-ThrottleLimit <Limit>)' -ForEach @(
        @{ Limit = 1 }, @{ Limit = 4 }
    ) {
        # A silent receiver on loopback: each probe connects, waits -TimeoutSeconds for a banner that never comes, and gives up.
        # Its accept times show how many checks were under way at once.
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(16)
        $state = [hashtable]::Synchronized(@{ Stop = $false; Accepted = [System.Collections.ArrayList]::new() })
        $watcher = [powershell]::Create().AddScript({
            param($listener, $state)
            $sockets = [System.Collections.Generic.List[object]]::new()
            while (-not $state.Stop) {
                while ($listener.Pending()) { $sockets.Add($listener.AcceptSocket()); [void]$state.Accepted.Add([datetime]::UtcNow) }
                Start-Sleep -Milliseconds 5
            }
            $sockets | ForEach-Object { $_.Dispose() }
        }).AddArgument($listener).AddArgument($state)
        $running = $watcher.BeginInvoke()
        try {
            $names = (Get-GatewayNode).ComputerName
            $results = Get-GatewayNode | Test-GatewaySmtpGreeting -DnsServer 127.0.0.1:9 -ProbeServer "127.0.0.1:$($listener.LocalEndpoint.Port)" -TimeoutSeconds 1 -ThrottleLimit $Limit
        }
        finally {
            $state.Stop = $true
            $watcher.EndInvoke($running) | Out-Null
            $watcher.Dispose()
            $listener.Stop()
        }
        $results.ComputerName | Should -Be $names
        $accepted = @($state.Accepted | Sort-Object)
        $accepted.Count | Should -Be $names.Count -Because 'every node is probed once'
        if ($Limit -eq 1) {
            # One at a time: a probe starts only after the one before it waited its whole second.
            for ($i = 1; $i -lt $accepted.Count; $i++) { ($accepted[$i] - $accepted[$i - 1]).TotalSeconds | Should -BeGreaterThan 0.9 }
        }
        else {
            # Together: the nodes whose greetings are looked up in DNS reach the probe at the same moment, each
            # while the one before it still waits for its banner.
            $gaps = for ($i = 1; $i -lt $accepted.Count; $i++) { ($accepted[$i] - $accepted[$i - 1]).TotalSeconds }
            @($gaps | Where-Object { $_ -lt 0.5 }).Count | Should -BeGreaterOrEqual 2
        }
    }
}
