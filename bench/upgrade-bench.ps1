<#
.SYNOPSIS
    Upgrade benchmark on the embedded lab: outage, rejected deliveries and maintenance window per strategy,
    scanner batches of 1 against all at once, and the wall time of a 10-node rehearsal. Writes its table
    to docs/benchmarks.md between its own markers, leaving every other section of that file as it is.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Root
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $ModulePath 'EmailGateway.psd1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
$loadAtStart = Get-BenchLoad

$work = Join-Path ([IO.Path]::GetTempPath()) "emailgateway-upgrade-bench-$PID"
New-Item -ItemType Directory -Path $work -Force | Out-Null
$package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $work 'meg-7.6.4-P4.pkg')

function New-ClusterYaml([int] $Scanners) {
    # One master, one failover and $Scanners scanners on 7.6.4 P3, in sync (the Healthy preset, wider).
    $lines = @(
        'settings: { name: bench, virtualIp: 192.0.2.10, mailPerSecond: 1, timings: { update: 20m, restart: 5m, vrrpTakeover: 3s, configPush: 60s, queueHold: 5s } }'
        'nodes:'
        '  - { name: meg1, hostname: meg1.example.com, build: 7.6.4 P3, mode: master, clusterId: 12, virtualIp: 192.0.2.10, address: 192.0.2.11, helo: mail.example.com, sync: source, network: online, revision: 42 }'
        '  - { name: meg2, hostname: meg2.example.com, build: 7.6.4 P3, mode: failover, clusterId: 12, virtualIp: 192.0.2.10, address: 192.0.2.12, helo: mail.example.com, sync: in-sync, network: online, revision: 42 }'
    )
    for ($i = 1; $i -le $Scanners; $i++) {
        $lines += "  - { name: scan$i, hostname: scan$i.example.com, build: 7.6.4 P3, mode: scanner, clusterId: 12, address: 192.0.2.$(20 + $i), helo: mail.example.com, sync: in-sync, network: online, revision: 42 }"
    }
    $path = Join-Path $work "cluster-$Scanners.yaml"
    $lines -join "`n" | Set-Content -Path $path
    $path
}

function Invoke-Upgrade {
    param([string] $Lab, [string] $Strategy, [string] $Interim = 'Master', [int] $BatchSize = 0, [switch] $Rehearse)
    Get-GatewayLab | Remove-GatewayLab -Confirm:$false
    if ($Lab -in 'Healthy', 'KB80406') { New-GatewayLab -Preset $Lab -Name Bench | Out-Null } else { New-GatewayLab -Path $Lab -Name Bench | Out-Null }
    $journal = Join-Path $work "journal-$([guid]::NewGuid().ToString('N')).yaml"
    $parameters = @{ Path = $package.Path; Strategy = $Strategy; InterimMode = $Interim; ScannerBatchSize = $BatchSize; RepairInterim = $true; JournalPath = $journal; Confirm = $false }
    if ($Rehearse) { $parameters.Rehearse = $true }
    $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade @parameters
    $lab = Get-GatewayLabReport
    [pscustomobject]@{
        Report      = $report
        Consistent  = Test-GatewayClusterConsistency -Quiet
        NewViolations = @($lab.Violations | Where-Object { $_.From -gt $lab.StartedAt }).Count
    }
}

$takeover = 3.0
$results = [System.Collections.Generic.List[object]]::new()
$failures = [System.Collections.Generic.List[string]]::new()

Write-Host 'Strategies from the KB80406 and Healthy presets...'
foreach ($lab in 'KB80406', 'Healthy') {
    foreach ($case in @(@{ Strategy = 'MasterInPlace'; Interim = 'Master' }, @{ Strategy = 'FailoverPromotion'; Interim = 'Master' }, @{ Strategy = 'FailoverPromotion'; Interim = 'Standalone' })) {
        $run = Invoke-Upgrade -Lab $lab -Strategy $case.Strategy -Interim $case.Interim
        $r = $run.Report
        $name = if ($case.Strategy -eq 'MasterInPlace') { 'MasterInPlace' } else { "FailoverPromotion ($($case.Interim))" }
        $results.Add([pscustomobject]@{
            Lab = $lab; Strategy = $name; Result = $r.Result; Outage = $r.OutageSeconds; Takeovers = [math]::Round($r.OutageSeconds / $takeover, 2)
            Rejected = $r.RejectedDeliveries; NewViolations = $run.NewViolations; WindowMinutes = [math]::Round($r.DurationSeconds / 60, 1); Consistent = $run.Consistent
        })
        if (-not $r.Succeeded -or -not $run.Consistent -or $r.RejectedDeliveries -ne 0 -or $run.NewViolations -ne 0) { $failures.Add("$lab $name did not end clean") }
        if ($case.Strategy -eq 'FailoverPromotion' -and $r.OutageSeconds -gt 2 * $takeover) { $failures.Add("$lab $name outage $($r.OutageSeconds) s is more than two takeovers") }
    }
}

Write-Host 'Maintenance window: scanner batches of 1 against all at once...'
$windows = [System.Collections.Generic.List[object]]::new()
foreach ($scanners in 2, 8) {
    $yaml = New-ClusterYaml -Scanners $scanners
    foreach ($strategy in 'MasterInPlace', 'FailoverPromotion') {
        $serial = (Invoke-Upgrade -Lab $yaml -Strategy $strategy -BatchSize 1).Report
        $parallel = (Invoke-Upgrade -Lab $yaml -Strategy $strategy -BatchSize 0).Report
        $ratio = [math]::Round($parallel.DurationSeconds / $serial.DurationSeconds, 2)
        $windows.Add([pscustomobject]@{
            Nodes = $scanners + 2; Strategy = $strategy; SerialMinutes = [math]::Round($serial.DurationSeconds / 60, 1)
            ParallelMinutes = [math]::Round($parallel.DurationSeconds / 60, 1); Ratio = $ratio; Target = if ($scanners -ge 8) { '<= 0.6' } else { '(reported)' }
        })
        if ($scanners -ge 8 -and $ratio -gt 0.6) { $failures.Add("$strategy window ratio $ratio on $($scanners + 2) nodes is above 0.6") }
    }
}

Write-Host 'Rehearsal of a 10-node cluster on a lab twin (5 runs)...'
$yaml10 = New-ClusterYaml -Scanners 8
$rehearsals = foreach ($i in 1..5) {
    $run = Invoke-Upgrade -Lab $yaml10 -Strategy FailoverPromotion -BatchSize 4 -Rehearse
    if ($run.Report.Rehearsal.Result -ne 'Succeeded') { $failures.Add("rehearsal ${i}: $($run.Report.Rehearsal.Result)") }
    $run.Report.Rehearsal.WallSeconds
}
$sorted = @($rehearsals | Sort-Object)
$median = Get-BenchMedian $sorted
$worst = $sorted[-1]
if ($median -ge 1.0) { $failures.Add("10-node rehearsal median $median s is not under 1 s") }

Get-GatewayLab | Remove-GatewayLab -Confirm:$false
Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue

$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
$windows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
Write-Host "10-node rehearsal wall time: median $median s, worst $worst s over $($sorted.Count) runs"

# The section this script owns in docs/benchmarks.md.
$section = [System.Text.StringBuilder]::new()
[void]$section.AppendLine('## Upgrade orchestration (bench/upgrade-bench.ps1)')
[void]$section.AppendLine()
[void]$section.AppendLine("Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC on the embedded lab (virtual clock: update 20 min, restart 5 min, VRRP takeover 3 s, 1 message/s). PowerShell $($PSVersionTable.PSVersion), $([Environment]::ProcessorCount) cores.")
[void]$section.AppendLine()
[void]$section.AppendLine('### Outage and rejected deliveries per strategy (scanners in one batch)')
[void]$section.AppendLine()
[void]$section.AppendLine('| Lab | Strategy | Result | Outage (s) | Outage in takeover delays (3 s) | Rejected | New violations | Window (min) | Consistent after |')
[void]$section.AppendLine('|---|---|---|---:|---:|---:|---:|---:|---|')
foreach ($r in $results) { [void]$section.AppendLine("| $($r.Lab) | $($r.Strategy) | $($r.Result) | $($r.Outage) | $($r.Takeovers) | $($r.Rejected) | $($r.NewViolations) | $($r.WindowMinutes) | $($r.Consistent) |") }
[void]$section.AppendLine()
[void]$section.AppendLine('Targets: FailoverPromotion outage at most two takeovers (6 s) and 0 rejected deliveries; MasterInPlace outage is the master''s update plus one takeover.')
[void]$section.AppendLine()
[void]$section.AppendLine('### Maintenance window: scanner batches of 1 against all at once')
[void]$section.AppendLine()
[void]$section.AppendLine('| Nodes | Strategy | Serial (min) | Parallel (min) | Parallel / serial | Target |')
[void]$section.AppendLine('|---:|---|---:|---:|---:|---|')
foreach ($w in $windows) { [void]$section.AppendLine("| $($w.Nodes) | $($w.Strategy) | $($w.SerialMinutes) | $($w.ParallelMinutes) | $($w.Ratio) | $($w.Target) |") }
[void]$section.AppendLine()
[void]$section.AppendLine('With two scanners the fixed part of the window (failover, master, restart) dominates, so the ratio cannot reach 0.6; the target is measured on the 10-node cluster.')
[void]$section.AppendLine()
[void]$section.AppendLine('### Rehearsal on a lab twin')
[void]$section.AppendLine()
[void]$section.AppendLine("| Cluster | Runs | Median wall (s) | Worst wall (s) | Target |")
[void]$section.AppendLine('|---|---:|---:|---:|---|')
[void]$section.AppendLine("| 10 nodes (master, failover, 8 scanners), FailoverPromotion, batches of 4 | $($sorted.Count) | $median | $worst | < 1 s |")
[void]$section.AppendLine()
[void]$section.AppendLine($(if ($failures.Count) { "Targets missed: $($failures -join '; ')." } else { 'Every target met.' }))

$null = Publish-BenchSection -Root $Root -Name 'upgrade-bench' -Body $section.ToString() -LoadAtStart $loadAtStart

if ($failures.Count) { Write-Host "Targets missed: $($failures -join '; ')" -ForegroundColor Red; exit 1 }
Write-Host 'Every upgrade target met.' -ForegroundColor Green
