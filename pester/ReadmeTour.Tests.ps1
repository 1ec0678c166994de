# The README's tour, typed line by line in one session: every command of its code blocks runs in order in one
# PowerShell process (en-US, as the README shows it), each output rendered as a 120-column console renders it, and
# compared with what the README shows under that command. In the README, '...' stands for text left out of a
# message, and an error or warning may be wrapped over several lines; blank lines are not compared.
BeforeDiscovery {
    function Get-TourCommands {
        # Each command of the tour with the output the README shows for it (null: not shown, only no error expected).
        $readme = Get-Content (Join-Path $PSScriptRoot '../README.md') -Raw
        $tour = $readme.Substring($readme.IndexOf('## A short tour'))
        $tour = $tour.Substring(0, $tour.IndexOf("`n## "))
        foreach ($block in [regex]::Matches($tour, '(?ms)^```powershell\r?\n(.*?)^```')) {
            $lines = $block.Groups[1].Value -split '\r?\n'
            if ($lines[0] -notlike 'PS> *') {
                # Commands only; a trailing comment of True or False is the output.
                foreach ($line in $lines | Where-Object { $_.Trim() }) {
                    $shown = if ($line -match '#\s*(True|False)\s*$') { $Matches[1] }
                    [pscustomobject]@{ Command = $line; Expected = $shown }
                }
                continue
            }
            $current = $null
            foreach ($line in $lines) {
                if ($line -like 'PS> *') {
                    if ($current) { $current }
                    $current = [pscustomobject]@{ Command = $line.Substring(4); Expected = '' }
                }
                else { $current.Expected += "$line`n" }
            }
            if ($current) { $current }
        }
    }

    $index = 0
    $tourCases = @(foreach ($command in Get-TourCommands) { @{ Command = $command.Command; Expected = $command.Expected; Index = $index++ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function ConvertTo-Segments([string] $Text) {
        # Lines, with each error or warning (which the README may wrap) joined into one; blank lines dropped.
        $segments = [Collections.Generic.List[string]]::new()
        $inMessage = $false
        foreach ($line in $Text -split '\r?\n') {
            if (-not $line.Trim()) { $inMessage = $false; continue }
            if ($line -match '^(WARNING: |[A-Z][a-z]+-Gateway[A-Za-z]+: )') { $segments.Add($line.TrimEnd()); $inMessage = $true }
            elseif ($inMessage) { $segments[$segments.Count - 1] += ' ' + $line.Trim() }
            else { $segments.Add($line.TrimEnd()) }
        }
        , $segments
    }

    function Test-Segment([string] $Expected, [string] $Actual) {
        # Equal, where '...' in the README stands for any text and a message's wrapping for any space.
        if ($Expected -notmatch '\.\.\.' -and $Expected -notmatch '^(WARNING: |[A-Z][a-z]+-Gateway[A-Za-z]+: )') { return $Expected -ceq $Actual }
        $pattern = (($Expected -split '\.\.\.') | ForEach-Object { [regex]::Escape($_.Trim()) -replace '(\\ )+', '\s+' }) -join '.*?'
        $Actual -cmatch "^$pattern$"
    }
}

Describe 'The README tour' -ForEach @(@{ Tour = $tourCases }) {
    BeforeAll {
        $script:Commands = @($Tour | ForEach-Object { [pscustomobject]$_ })
        $work = Join-Path $TestDrive 'tour'
        New-Item -ItemType Directory -Path $work | Out-Null
        $commandFile = Join-Path $work 'commands.json'
        ConvertTo-Json -InputObject @($script:Commands.Command) | Set-Content $commandFile
        # One process, one session: each command runs in the session's scope, its output rendered at once as the
        # console (120 columns, one left free) would, its errors and warnings as the console writes them.
        $driver = @"
`$ErrorActionPreference = 'Continue'
`$ProgressPreference = 'SilentlyContinue'
[cultureinfo]::CurrentCulture = 'en-US'
Set-Location '$($work -replace "'", "''")'
Import-Module '$((Join-Path $script:ModuleDir 'EmailGateway.psd1') -replace "'", "''")'
`$tourResults = foreach (`$tourCommand in (Get-Content '$($commandFile -replace "'", "''")' -Raw | ConvertFrom-Json)) {
    `$tourText = [Text.StringBuilder]::new()
    `$tourObjects = [Collections.Generic.List[object]]::new()
    `$tourFlush = { if (`$tourObjects.Count) { [void]`$tourText.Append((`$tourObjects | Out-String -Width 119)); `$tourObjects.Clear() } }
    foreach (`$tourItem in (. ([scriptblock]::Create(`$tourCommand)) 2>&1 3>&1)) {
        if (`$tourItem -is [Management.Automation.ErrorRecord]) { & `$tourFlush; [void]`$tourText.AppendLine("`$(`$tourItem.InvocationInfo.MyCommand.Name): `$(`$tourItem.Exception.Message)") }
        elseif (`$tourItem -is [Management.Automation.WarningRecord]) { & `$tourFlush; [void]`$tourText.AppendLine("WARNING: `$(`$tourItem.Message)") }
        else { `$tourObjects.Add(`$tourItem) }
    }
    & `$tourFlush
    [pscustomobject]@{ Command = `$tourCommand; Output = `$tourText.ToString() }
}
ConvertTo-Json -InputObject @{ Results = @(`$tourResults) } -Depth 3
"@
        $script:Results = @((Invoke-ChildScenario $driver).Results)
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'has the tour''s commands, the twin, its plan and the fleet among them' {
        $script:Commands.Count | Should -BeGreaterThan 20
        $script:Commands.Command | Should -Contain 'Get-GatewayNode | New-GatewayLab -Name Twin -Prefix twin- | Out-Null'
        $script:Commands.Command | Should -Contain 'Get-GatewayNode | Get-GatewayUpgradePlan -Path $package.Path -Strategy FailoverPromotion -RepairInterim -AsPlan'
        @($script:Results).Count | Should -Be $script:Commands.Count
    }

    It 'gives what the README shows: <Command>' -ForEach $tourCases {
        $expected = $Expected
        $actual = $script:Results[$Index].Output
        $script:Results[$Index].Command | Should -Be $Command
        $actualSegments = ConvertTo-Segments $actual
        if ($null -eq $expected) {
            $actualSegments | Where-Object { $_ -match '^[A-Z][a-z]+-Gateway[A-Za-z]+: ' } | Should -BeNullOrEmpty -Because 'the README shows no error here'
            return
        }
        $expectedSegments = ConvertTo-Segments $expected
        $shown = "README:`n$expected`nreal:`n$actual"
        $actualSegments.Count | Should -Be $expectedSegments.Count -Because $shown
        for ($line = 0; $line -lt $expectedSegments.Count; $line++) {
            Test-Segment $expectedSegments[$line] $actualSegments[$line] | Should -BeTrue -Because "line $($line + 1) reads '$($actualSegments[$line])', the README shows '$($expectedSegments[$line])'"
        }
    }
}
