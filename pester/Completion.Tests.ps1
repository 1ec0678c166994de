BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Get-Completion([string] $Line) {
        # What the prompt would offer after typing $Line and pressing Tab.
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

Describe 'Tab completion' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Completion | Out-Null
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It '-ComputerName of <Command> offers the open sessions' -ForEach @(
        @{ Command = 'Get-GatewayNode' }, @{ Command = 'Set-GatewayNodeState' }, @{ Command = 'Get-GatewaySession' },
        @{ Command = 'Test-GatewayClusterConsistency' }, @{ Command = 'Restart-GatewayNode' }
    ) {
        $matches = Get-Completion "$Command -ComputerName "
        $matches.CompletionText | Should -Be @('meg1', 'meg2', 'meg3', 'meg4')
        $matches[0].ToolTip | Should -Match 'Completion'
    }

    It '-ComputerName narrows by what is typed and skips names already given' {
        (Get-Completion 'Get-GatewayNode -ComputerName meg1, me').CompletionText | Should -Be @('meg2', 'meg3', 'meg4')
        (Get-Completion 'Get-GatewayNode -ComputerName meg3').CompletionText | Should -Be @('meg3')
        Get-Completion 'Get-GatewayNode -ComputerName nosuch' | Should -BeNullOrEmpty
    }

    It '-ClusterId offers the ids on the nodes, reading them when none was read yet' {
        $matches = Get-Completion 'Get-GatewayNode -ClusterId '
        $matches.CompletionText | Should -Be @('12')
        $matches[0].ToolTip | Should -Match 'meg1 \(Master\)'
    }

    It '-ClusterId follows changes and the -ComputerName already given' {
        Set-GatewayClusterId -ComputerName meg2 -ClusterId 13 -Force -Confirm:$false -WarningAction SilentlyContinue
        (Get-Completion 'Test-GatewayClusterConsistency -ClusterId ').CompletionText | Should -Be @('12', '13')
        (Get-Completion 'Set-GatewayClusterId -ComputerName meg2 -ClusterId ').CompletionText | Should -Be @('13')
        (Get-Completion 'Get-GatewayNode -ClusterId 1').CompletionText | Should -Be @('12', '13')
    }

    It '-ClusterId stays quick when a node does not answer' {
        Set-GatewayLabFault -ComputerName meg4 -Fault Unreachable -Confirm:$false
        $elapsed = Measure-Command { $matches = Get-Completion 'Get-GatewayNode -ClusterId ' }
        $matches.CompletionText | Should -Be @('12')
        $elapsed.TotalSeconds | Should -BeLessThan 5
    }

    It 'lab names complete for -LabName' {
        New-GatewayLab -Preset Healthy -Name Second -Prefix lab2- | Out-Null
        $matches = Get-Completion 'Get-GatewaySession -LabName '
        $matches.CompletionText | Should -Be @('Completion', 'Second')
        $matches[1].ToolTip | Should -Match 'lab2-meg1'
        (Get-Completion 'Get-GatewaySession -LabName Sec').CompletionText | Should -Be @('Second')
    }
}
