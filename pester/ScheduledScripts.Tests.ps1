# The README's scheduled scripts, run as a scheduler runs them (pwsh -NonInteractive -File, nothing typed), over an
# inventory of two sites with the same cluster id behind real sshd (Linux, as root, like CI; skipped with the reason
# elsewhere). The scripts are read out of the README, so what it shows is what runs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Root = Join-Path $PSScriptRoot '..'
    Import-Module (Join-Path $script:Root 'tools/SshdLab/SshdLab.psm1') -Force
    $script:LabSkipReason = Get-SshdLabSkipReason

    function Get-ReadmeScript([string] $Containing) {
        # The README's code block that holds $Containing, as a script file's text.
        $readme = Get-Content (Join-Path $script:Root 'README.md') -Raw
        $blocks = [regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value }
        $found = @($blocks | Where-Object { $_.Contains($Containing) })
        if ($found.Count -ne 1) { throw "The README has $($found.Count) code blocks with '$Containing'." }
        $found[0]
    }

    function Invoke-ScheduledScript([string] $Name, [string] $Text) {
        # As a scheduler runs it: its own pwsh, no profile, nothing interactive, in the folder of its files,
        # finding the module by name as an installed one is found. Its journals (under the local application
        # data folder, XDG_DATA_HOME here) and run locks go to this spec's folders, not the user's.
        $file = Join-Path $script:Work $Name
        Set-Content -LiteralPath $file -Value $Text
        $native = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        $saved = @{ PSModulePath = $env:PSModulePath; XDG_DATA_HOME = $env:XDG_DATA_HOME; EMAILGATEWAY_RUN_LOCK_DIRECTORY = $env:EMAILGATEWAY_RUN_LOCK_DIRECTORY }
        $env:PSModulePath = (Split-Path (Resolve-Path $script:ModuleDir).Path) + [IO.Path]::PathSeparator + $saved.PSModulePath
        $env:XDG_DATA_HOME = $script:DataHome
        $env:EMAILGATEWAY_RUN_LOCK_DIRECTORY = $script:LockFolder
        Push-Location $script:Work
        try {
            $output = if (Test-Path $native) { & $native -NoProfile -NonInteractive -File $file 2>&1 }
            else { & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $file 2>&1 }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | ForEach-Object { "$_" }) -join "`n" }
        }
        finally {
            Pop-Location
            foreach ($variable in $saved.Keys) { Set-Item "env:$variable" -Value $saved[$variable] }
        }
    }

    if (-not $script:LabSkipReason) {
        $appliance = Find-ApplianceProgram -Root $script:Root
        # Two sites, each its own sshd and lab, both cluster 12: fra caught in the KB80406 state, ham healthy on 7.6.4 P3.
        $script:Sites = [ordered]@{
            fra = Start-SshdLab -AppliancePath $appliance -Appliances 4 -FirstOctet 120 -LabArguments @('--preset', 'KB80406', '--time-scale', '6000')
            ham = Start-SshdLab -AppliancePath $appliance -Appliances 4 -FirstOctet 136 -LabArguments @('--preset', 'Healthy', '--time-scale', '6000')
        }
        $script:Work = Join-Path $TestDrive 'scheduled'
        $script:DataHome = Join-Path $TestDrive 'data-home'
        $script:LockFolder = Join-Path $TestDrive 'run-locks'
        New-Item -ItemType Directory -Path $script:Work, $script:DataHome, $script:LockFolder | Out-Null
        $inventory = @("defaults: { user: $($script:Sites.fra.UserName), segment: hq }", 'appliances:')
        foreach ($site in $script:Sites.Keys) {
            $lab = $script:Sites[$site]
            for ($index = 0; $index -lt $lab.Addresses.Count; $index++) {
                $inventory += "  - { name: $site-meg$($index + 1), host: $($lab.Addresses[$index]), port: $($lab.Port), segment: $site, hostKeyFingerprint: '$($lab.HostKeyFingerprint)' }"
            }
        }
        Set-Content (Join-Path $script:Work 'fleet.yaml') $inventory
        Set-Content (Join-Path $script:Work 'clusters.yaml') "clusters: [ { segment: '*', clusterId: 12, build: 7.6.4 P4 } ]"
        [pscredential]::new($script:Sites.fra.UserName, (ConvertTo-SecureString $script:Sites.fra.Password -AsPlainText -Force)) |
            Export-Clixml (Join-Path $script:Work 'gateway-admin.cred.xml')
        New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $script:Work 'meg-7.6.4-P4.pkg') | Out-Null
    }
}

AfterAll {
    if ($script:Sites) { $script:Sites.Values | ForEach-Object { Stop-SshdLab $_ } }
}

Describe 'The README''s scheduled scripts over a fleet inventory' {
    BeforeEach {
        if ($script:LabSkipReason) { Set-ItResult -Skipped -Because $script:LabSkipReason }
    }

    It 'the check exits 1 while a site differs, the rollout converges both sites and exits 0, a second rollout changes nothing and says so, and the check then exits 0' {
        $check = Get-ReadmeScript 'exit [int](-not (Test-GatewayClusterConsistency -DesiredStatePath ./clusters.yaml -Quiet))'
        $rollout = Get-ReadmeScript 'Invoke-GatewayClusterUpgrade -DesiredStatePath ./clusters.yaml'

        $before = Invoke-ScheduledScript 'check.ps1' $check
        $before.ExitCode | Should -Be 1 -Because "fra is caught mid-upgrade and ham runs 7.6.4 P3: $($before.Output)"

        $first = Invoke-ScheduledScript 'rollout.ps1' $rollout
        $first.ExitCode | Should -Be 0 -Because $first.Output
        $report = Get-Content (Join-Path $script:Work 'rollout.json') -Raw | ConvertFrom-Json
        $report.Result | Should -Be 'Succeeded'
        $report.Upgraded | Should -Be 2
        @($report.Clusters | ForEach-Object { "$($_.Segment) $($_.State)" }) | Should -Be @('fra Upgraded', 'ham Upgraded')
        $report.Clusters[0].Canary | Should -BeTrue
        @($report.Clusters.Report.BuildsAfter | ForEach-Object { $_.PSObject.Properties.Value }) | Sort-Object -Unique | Should -Be '7.6.4 P4'
        # Each site's journal is its own, named after its segment, in the local application data folder.
        Split-Path $report.Clusters[0].JournalPath -Leaf | Should -BeLike 'cluster-fra-*-12-fra-meg1.journal.yaml'
        Split-Path $report.Clusters[1].JournalPath -Leaf | Should -BeLike 'cluster-ham-*-12-ham-meg1.journal.yaml'
        $report.Clusters.JournalPath | ForEach-Object { $_ | Should -BeLike (Join-Path $script:DataHome 'EmailGateway/upgrades/*') }

        $second = Invoke-ScheduledScript 'rollout.ps1' $rollout
        $second.ExitCode | Should -Be 0 -Because $second.Output
        $again = Get-Content (Join-Path $script:Work 'rollout.json') -Raw | ConvertFrom-Json
        $again.Upgraded, $again.Current, $again.Result | Should -Be @(0, 2, 'Succeeded')
        $again.NextAction | Should -Match '^Nothing to do: every cluster already runs its target build'

        $after = Invoke-ScheduledScript 'check.ps1' $check
        $after.ExitCode | Should -Be 0 -Because $after.Output
    }
}
