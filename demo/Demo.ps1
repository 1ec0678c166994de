<#
.SYNOPSIS
    The main job on the embedded lab: a cluster caught mid-upgrade (KB80406) is found, and upgraded by
    Invoke-GatewayClusterUpgrade with recipe B (FailoverPromotion): plan, progress, report.
#>
param([Parameter(Mandatory)][string] $ModulePath)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $ModulePath 'EmailGateway.psd1') -Force

function Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }
function Show($Value) { $Value | Out-String -Width 160 | Write-Host }

Step 'A cluster caught mid-upgrade: the failover already on the next Patch, online beside the master'
$lab = New-GatewayLab -Preset KB80406 -Name Demo
Show (Get-GatewayNode)

Step 'Test-GatewayClusterConsistency finds the KB80406 hazard'
$result = Test-GatewayClusterConsistency
Show $result
Show ($result.Findings | Format-List RuleId, Severity, Nodes, Message, Remediation)

Step 'What the KB warns of: the master drops, the failover takes the virtual IP and greets as scmgateway'
Write-Host '(on a copy of the lab, so the demo cluster stays as it is)'
$twin = Get-GatewayNode | New-GatewayLab -Name DemoTwin -Prefix twin-
try {
    Set-GatewayNodeState -ComputerName twin-meg1 -State Offline -Confirm:$false
}
catch {
    Write-Host "The guard refuses ($($_.FullyQualifiedErrorId)):" -ForegroundColor Yellow
    Write-Host $_.Exception.Message
}
Write-Host "`nWith -Force the guard steps aside, and the KB's failure happens:"
Set-GatewayNodeState -ComputerName twin-meg1 -State Offline -Force -Confirm:$false -WarningAction SilentlyContinue
Wait-GatewayLab -Name DemoTwin -Duration (New-TimeSpan -Minutes 2)
Show (Get-GatewayNode -ComputerName twin-* | Where-Object VrrpActive)
Show (Get-GatewayLabReport -Name DemoTwin | Select-Object OutageSeconds, RejectedDeliveries, @{ n = 'Violations'; e = { $_.Violations.Name -join ', ' } })
Remove-GatewayLab -Name DemoTwin -Confirm:$false

$package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path ([IO.Path]::GetTempPath()) "meg-7.6.4-P4-$PID.pkg") -Force
$journal = Join-Path ([IO.Path]::GetTempPath()) "emailgateway-demo-$PID.journal.yaml"

Step 'Planning recipe B (FailoverPromotion): the preflight sees that the failover cannot serve as it is'
Get-GatewayNode | Get-GatewayUpgradePlan -Path $package.Path -Strategy FailoverPromotion -ErrorAction SilentlyContinue -ErrorVariable preflight | Out-Null
foreach ($failure in $preflight) { Write-Host "$($failure.FullyQualifiedErrorId.Split(',')[0]): $($failure.Exception.Message)" -ForegroundColor Yellow }

Step 'The plan with -RepairInterim: the failover is re-seeded offline before it serves, and restarted beside the upgraded master'
$plan = Get-GatewayNode | Get-GatewayUpgradePlan -Path $package.Path -Strategy FailoverPromotion -RepairInterim
Show ($plan | Format-Table Index, KbStep, Action, Target, ExpectedOutageSeconds, @{ n = 'Gate'; e = { $_.GateText } } -Wrap)

Step 'The upgrade, rehearsed first on a lab twin, with progress from an -AfterStep hook'
$report = $plan | Invoke-GatewayClusterUpgrade -Path $package.Path -JournalPath $journal -Rehearse -Confirm:$false -AfterStep {
    $r = $_.Record
    Write-Host ('  step {0,2}/{1} [{2,-4}] {3,-11} {4,-11} {5,-11} {6,7:0} s' -f $_.Step.Index, $plan.Count, $_.Step.KbStep, $_.Step.Action, $_.Step.Target, $r.Result, $r.DurationSeconds)
}

Step 'The run report'
Show ($report | Format-List Strategy, InterimMode, TargetBuild, Result, BuildsBefore, BuildsAfter, OutageSeconds, RejectedDeliveries,
    @{ n = 'New violations'; e = { $_.Violations.Count } }, @{ n = 'Found at the start'; e = { ($_.PreexistingViolations | ForEach-Object { "$($_.Name) [$($_.Nodes -join ', ')], ended $($_.To.ToString('HH:mm:ss'))" }) -join '; ' } },
    DurationSeconds, WallSeconds, @{ n = 'Rehearsal'; e = { "$($_.Rehearsal.Result), outage $($_.Rehearsal.OutageSeconds) s, rejected $($_.Rehearsal.RejectedDeliveries), $($_.Rehearsal.WallSeconds) s wall" } })
Show ($report.Steps | Format-Table Index, KbStep, Action, Target, Result, Attempts, DurationSeconds)

Step 'The lab agrees: no new violation; the one it has seen since it began is the mixed build found at the start'
$labReport = Get-GatewayLabReport
Show ($labReport | Select-Object OutageSeconds, RejectedDeliveries, DeliveredMessages,
    @{ n = 'Violations since the lab began'; e = { ($_.Violations | ForEach-Object { "$($_.Name) [$($_.Nodes -join ', ')], ended $(if ($_.To) { $_.To.ToString('HH:mm:ss') } else { 'not yet' })" }) -join '; ' } })
Show (Get-GatewayNode)
Show (Test-GatewayClusterConsistency)
$consistent = Test-GatewayClusterConsistency -Quiet
$agrees = $labReport.OutageSeconds -eq $report.Lab.OutageSeconds -and $labReport.RejectedDeliveries -eq $report.RejectedDeliveries
Remove-GatewayLab -Name Demo -Confirm:$false
Remove-Item $package.Path, $journal, "$journal.lock" -ErrorAction SilentlyContinue
if (-not ($consistent -and $report.Succeeded -and $agrees -and $report.RejectedDeliveries -eq 0)) { Write-Host 'The upgrade did NOT end as it should.' -ForegroundColor Red; exit 1 }
Write-Host "`nConsistent on 7.6.4 P4: outage $($report.OutageSeconds) s (two takeovers), $($report.RejectedDeliveries) rejected deliveries." -ForegroundColor Green
