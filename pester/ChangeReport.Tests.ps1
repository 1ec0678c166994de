BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # Runs headless Chromium once (by PID, killed if it hangs) and returns its standard output and error.
    function Invoke-Chromium([string[]] $Arguments) {
        $profileDir = Join-Path $TestDrive ("chromium-" + [guid]::NewGuid().ToString('N'))
        $stdout = Join-Path $TestDrive 'chromium.out'
        $stderr = Join-Path $TestDrive 'chromium.err'
        $common = @('--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--hide-scrollbars',
            "--user-data-dir=$profileDir", '--enable-logging=stderr', '--v=0')
        $process = Start-Process -FilePath $script:Chromium -ArgumentList ($common + $Arguments) -PassThru -NoNewWindow `
            -RedirectStandardOutput $stdout -RedirectStandardError $stderr
        if (-not $process.WaitForExit(120000)) {
            Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
            throw "chromium (PID $($process.Id)) did not finish within 120 s"
        }
        [pscustomobject]@{ Out = Get-Content -Raw $stdout; Err = (Get-Content -Raw $stderr) + '' }
    }

    # Console messages of the page (console.* calls and script errors) as Chromium logs them with --enable-logging.
    function Get-ConsoleLines([string] $Log) { @($Log -split "`n" | Where-Object { $_ -match ':CONSOLE[:(]' }) }

    function Get-PngSize([string] $Path) {
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        $signature = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
        if ($bytes.Length -lt 24 -or -not [System.Linq.Enumerable]::SequenceEqual([byte[]]$bytes[0..7], $signature)) { throw "$Path is not a PNG" }
        $number = { param($at) ([int]$bytes[$at] -shl 24) -bor ([int]$bytes[$at + 1] -shl 16) -bor ([int]$bytes[$at + 2] -shl 8) -bor [int]$bytes[$at + 3] }
        [pscustomobject]@{ Width = & $number 16; Height = & $number 20; Bytes = $bytes.Length }
    }

    $script:Chromium = @('/usr/bin/chromium', '/usr/bin/chromium-browser') | Where-Object { Test-Path $_ } | Select-Object -First 1
    New-GatewayLab -Preset KB80406 -Name ReportSpec -Prefix rs- | Out-Null
    $script:Package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'meg-7.6.4-P4.pkg')
    $script:Nodes = Get-GatewayNode -ComputerName rs-meg1, rs-meg2, rs-meg3, rs-meg4
    $script:Plan = $script:Nodes | Get-GatewayUpgradePlan -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -AsPlan
    $script:Run = $script:Nodes | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -Rehearse -Confirm:$false
}

AfterAll {
    Remove-GatewayLab -Name ReportSpec -Confirm:$false -ErrorAction SilentlyContinue
}

Describe 'Export-GatewayUpgradeReport: surface' {
    It 'uses an approved verb, supports -WhatIf and -Confirm, and says it returns files' {
        $command = Get-Command Export-GatewayUpgradeReport
        (Get-Verb -Verb $command.Verb) | Should -Not -BeNullOrEmpty
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $command.OutputType.Type | Should -Contain ([System.IO.FileInfo])
    }

    It '-Format takes Html, Markdown and Json' {
        (Get-ParameterInfo Export-GatewayUpgradeReport Format).ParameterType.GetGenericArguments()[0].GetEnumNames() | Should -Be @('Html', 'Markdown', 'Json')
    }

    It 'takes plans and run reports from the pipeline' {
        foreach ($name in 'Plan', 'Report') {
            $attribute = (Get-ParameterInfo Export-GatewayUpgradeReport $name).Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
            $attribute.ValueFromPipeline | Should -BeTrue -Because $name
        }
    }
}

Describe 'Export-GatewayUpgradeReport: files' {
    It 'writes the plan and the run (with its rehearsal) as one HTML page' {
        $path = Join-Path $TestDrive 'plan-and-run.html'
        $file = $script:Plan | Export-GatewayUpgradeReport -Path $path -PassThru
        $file.FullName | Should -Be $path
        $html = Get-Content -Raw $path
        $html | Should -Match '<h2>Plan: cluster 12 to 7\.6\.4 P4 by FailoverPromotion</h2>'
        $html | Should -Match '<svg '

        $script:Run | Export-GatewayUpgradeReport -Path $path -Force
        $html = Get-Content -Raw $path
        $html | Should -Match '<h2>Run: cluster 12'
        $html | Should -Match '<h2>Rehearsal: cluster 12'
        ([regex]::Matches($html, '<svg ')).Count | Should -Be 2
        $html | Should -Match '<dt>Rejected deliveries</dt><dd>0</dd>'
        $html | Should -Not -Match '<script'
    }

    It 'picks Markdown and JSON from the file name, and -Format overrides it' {
        $markdown = Join-Path $TestDrive 'run.md'
        $script:Run | Export-GatewayUpgradeReport -Path $markdown
        Get-Content -Raw $markdown | Should -Match '(?m)^## Run: cluster 12'

        $json = Join-Path $TestDrive 'run.json'
        $script:Run | Export-GatewayUpgradeReport -Path $json
        $parsed = Get-Content -Raw $json | ConvertFrom-Json
        $parsed.Sections[0].Result | Should -Be 'Succeeded'
        $parsed.Sections[0].Steps[0].KbStep | Should -Be 'B.1'
        $parsed.Sections[0].MeasuredOutageSeconds | Should -Be $script:Run.OutageSeconds

        $forced = Join-Path $TestDrive 'run.txt'
        $script:Run | Export-GatewayUpgradeReport -Path $forced -Format Markdown
        Get-Content -Raw $forced | Should -Match '(?m)^# Email gateway upgrade'
    }

    It '-WhatIf writes nothing' {
        $path = Join-Path $TestDrive 'whatif.html'
        $script:Run | Export-GatewayUpgradeReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'refuses to overwrite without -Force and leaves the file as it was' {
        $path = Join-Path $TestDrive 'kept.html'
        Set-Content -Path $path -Value 'earlier'
        Get-ErrorIds { $script:Run | Export-GatewayUpgradeReport -Path $path } | Should -Be 'ExportGatewayUpgradeReportFileExists,EmailGateway.Commands.ExportGatewayUpgradeReportCommand'
        Get-Content -Raw $path | Should -Be "earlier$([Environment]::NewLine)"
    }

    It 'names the problem with a folder path, a missing folder, and wrong input' {
        Get-ErrorIds { $script:Run | Export-GatewayUpgradeReport -Path $TestDrive } | Should -Be 'ExportGatewayUpgradeReportPathIsDirectory,EmailGateway.Commands.ExportGatewayUpgradeReportCommand'
        Get-ErrorIds { $script:Run | Export-GatewayUpgradeReport -Path (Join-Path $TestDrive 'no/such/folder/r.html') } |
            Should -Be 'ExportGatewayUpgradeReportDirectoryNotFound,EmailGateway.Commands.ExportGatewayUpgradeReportCommand'
        Get-ErrorIds { @() | Export-GatewayUpgradeReport -Path (Join-Path $TestDrive 'x.html') } | Should -Be 'ExportGatewayUpgradeReportNoInput,EmailGateway.Commands.ExportGatewayUpgradeReportCommand'
        # PowerShell refuses to bind the text (neither a plan nor a report); with nothing bound the cmdlet then says so.
        $records = @(try { 'meg1' | Export-GatewayUpgradeReport -Path (Join-Path $TestDrive 'x.html') -ErrorAction SilentlyContinue 2>$null } catch { $_ })
        $records.FullyQualifiedErrorId | Should -Contain 'ExportGatewayUpgradeReportNoInput,EmailGateway.Commands.ExportGatewayUpgradeReportCommand'
        Test-Path (Join-Path $TestDrive 'x.html') | Should -BeFalse
    }
}

Describe 'The HTML report in a real browser' {
    BeforeAll {
        $script:Page = Join-Path $TestDrive 'kb80406-rehearsal.html'
        $script:Run | Export-GatewayUpgradeReport -Path $script:Page -Force
    }

    It 'loads in headless Chromium without console errors, with the timeline in the DOM' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed (apt-get install chromium)'; return }
        $result = Invoke-Chromium @('--window-size=1280,2400', '--dump-dom', [System.Uri]::new($script:Page).AbsoluteUri)
        Get-ConsoleLines $result.Err | Should -BeNullOrEmpty
        $result.Out | Should -Match '<svg [^>]*class="timeline"'
        ([regex]::Matches($result.Out, '<rect class="vip"')).Count | Should -BeGreaterThan 1
        $result.Out | Should -Match '<rect class="outage"'
    }

    It 'would see a console error if the page had one (the check can fail)' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed (apt-get install chromium)'; return }
        $bad = Join-Path $TestDrive 'console-error.html'
        Set-Content -Path $bad -Value '<!DOCTYPE html><html><body><script>console.error("report-check-4711")</script></body></html>'
        $result = Invoke-Chromium @('--dump-dom', [System.Uri]::new($bad).AbsoluteUri)
        Get-ConsoleLines $result.Err | Should -Match 'report-check-4711'
    }

    It 'renders to a PNG 1280 px wide' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed (apt-get install chromium)'; return }
        $png = Join-Path $TestDrive 'kb80406-rehearsal.png'
        $result = Invoke-Chromium @('--window-size=1280,2400', "--screenshot=$png", [System.Uri]::new($script:Page).AbsoluteUri)
        Get-ConsoleLines $result.Err | Should -BeNullOrEmpty
        $size = Get-PngSize $png
        $size.Width | Should -Be 1280
        $size.Height | Should -Be 2400
        # A blank page of that size compresses to a few kilobytes; text, tables and the timelines do not.
        $size.Bytes | Should -BeGreaterThan 50000
    }
}
