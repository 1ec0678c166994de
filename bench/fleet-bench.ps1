<#
.SYNOPSIS
    Fleet benchmark on the Fleet lab: the wall time of rehearsing 50 sites of 4 nodes on twins, the
    virtual-time window of a rollout with -ClusterThrottleLimit 5 against 1, and the outage and rejected
    deliveries of every cluster with FailoverPromotion. Writes its table to docs/benchmarks.md between its
    own markers (fleet-bench:begin and fleet-bench:end), and only from a quiet machine (BenchSupport's gate).
.EXAMPLE
    dotnet pwsh ./bench/fleet-bench.ps1 -ModulePath ./out/EmailGateway -Root . -Sites 4 -ScannersPerSite 0 -NoPublish
    A small run that checks the script and prints its table without writing it.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Root,
    [ValidateRange(2, 1000)][int] $Sites = 50,
    [ValidateRange(0, 16)][int] $ScannersPerSite = 2,
    # Print the table only; never write docs/benchmarks.md.
    [switch] $NoPublish
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $ModulePath 'EmailGateway.psd1') -Force
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
$loadAtStart = Get-BenchLoad

$work = Join-Path ([IO.Path]::GetTempPath()) "emailgateway-fleet-bench-$PID"
New-Item -ItemType Directory -Path $work -Force | Out-Null
$package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $work 'meg-7.6.4-P4.pkg')
$takeover = 3.0
$nodesPerSite = $ScannersPerSite + 2

function Invoke-Rollout([int] $Throttle, [switch] $Rehearse) {
    # A fresh Fleet lab with the failing update cleared, so every site can finish.
    Get-GatewayLab | Remove-GatewayLab -Confirm:$false
    New-GatewayLab -Preset Fleet -Sites $Sites -ScannersPerSite $ScannersPerSite | Out-Null
    Set-GatewayLabFault -ComputerName (Get-GatewayNode -Segment 'Fleet/site-002' -Mode Failover).ComputerName -Clear
    $journals = Join-Path $work ([guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $journals | Out-Null
    $parameters = @{ Path = $package.Path; Strategy = 'FailoverPromotion'; RepairInterim = $true; ClusterThrottleLimit = $Throttle; JournalPath = $journals; Confirm = $false }
    if ($Rehearse) { $parameters.Rehearse = $true }
    Get-GatewayNode | Invoke-GatewayClusterUpgrade @parameters
}

$failures = [System.Collections.Generic.List[string]]::new()

Write-Host "Rehearsal of $Sites sites x $nodesPerSite nodes on twins, then the rollout one cluster at a time..."
$one = Invoke-Rollout -Throttle 1 -Rehearse
$rehearsalWall = [math]::Round((@($one.Clusters.Report.Rehearsal.WallSeconds) | Measure-Object -Sum).Sum, 3)
if ($one.Upgraded -ne $Sites) { $failures.Add("throttle 1: $($one.Upgraded) of $Sites sites upgraded") }
if ($rehearsalWall -ge 5) { $failures.Add("rehearsal of $Sites sites took $rehearsalWall s, not under 5 s") }

Write-Host 'The same rollout five clusters at a time...'
$five = Invoke-Rollout -Throttle 5
if ($five.Upgraded -ne $Sites) { $failures.Add("throttle 5: $($five.Upgraded) of $Sites sites upgraded") }
$ratio = [math]::Round($five.WindowSeconds / $one.WindowSeconds, 3)
if ($ratio -gt 0.3) { $failures.Add("window ratio 5 / 1 is $ratio, above 0.3") }

$outages = @($one.Clusters + $five.Clusters | ForEach-Object { $_.OutageSeconds })
$worstOutage = ($outages | Measure-Object -Maximum).Maximum
$rejected = $one.RejectedDeliveries + $five.RejectedDeliveries
if ($worstOutage -gt 2 * $takeover) { $failures.Add("worst outage of a cluster $worstOutage s is more than two takeovers") }
if ($rejected -ne 0) { $failures.Add("$rejected deliveries rejected") }

Get-GatewayLab | Remove-GatewayLab -Confirm:$false
Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue

$section = [System.Text.StringBuilder]::new()
[void]$section.AppendLine('## Fleet rollouts (bench/fleet-bench.ps1)')
[void]$section.AppendLine()
[void]$section.AppendLine("Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC on the Fleet lab: $Sites sites of $nodesPerSite nodes, every site cluster 12 in its own segment, FailoverPromotion with -RepairInterim (virtual clock: update 20 min, restart 5 min, VRRP takeover 3 s). PowerShell $($PSVersionTable.PSVersion), $([Environment]::ProcessorCount) cores.")
[void]$section.AppendLine()
[void]$section.AppendLine('| Measure | Value | Target | |')
[void]$section.AppendLine('|---|---:|---|---|')
[void]$section.AppendLine("| Rehearsal of every site on twins, wall (s) | $rehearsalWall | < 5 s | $(Format-BenchTarget -Value $rehearsalWall -Limit 5) |")
[void]$section.AppendLine("| Window, one cluster at a time (virtual h) | $([math]::Round($one.WindowSeconds / 3600, 2)) | (reported) | |")
[void]$section.AppendLine("| Window, five at a time (virtual h) | $([math]::Round($five.WindowSeconds / 3600, 2)) | (reported) | |")
[void]$section.AppendLine("| Window five at a time / one at a time | $ratio | <= 0.3 | $(Format-BenchTarget -Value $ratio -Limit 0.3) |")
[void]$section.AppendLine("| Worst outage of a cluster (s) | $worstOutage | <= 2 takeovers (6 s) | $(Format-BenchTarget -Value $worstOutage -Limit (2 * $takeover)) |")
[void]$section.AppendLine("| Rejected deliveries, both rollouts | $rejected | 0 | $(Format-BenchTarget -Value $rejected -Limit 0) |")
[void]$section.AppendLine()
[void]$section.AppendLine('The window is on the sites'' own virtual clocks, laid end to end as the waves ran the runs, so it does not depend on the machine; the rehearsal''s wall time does.')
[void]$section.AppendLine()
[void]$section.AppendLine($(if ($failures.Count) { "Targets missed: $($failures -join '; ')." } else { 'Every target met.' }))

if ($NoPublish) { Write-Host $section.ToString(); Write-Host "Load average at the start: $($loadAtStart.Text); now: $((Get-BenchLoad).Text)." }
else { $null = Publish-BenchSection -Root $Root -Name 'fleet-bench' -Body $section.ToString() -LoadAtStart $loadAtStart }

if ($failures.Count) { Write-Host "Targets missed: $($failures -join '; ')" -ForegroundColor Red; exit 1 }
Write-Host 'Every fleet target met.' -ForegroundColor Green
