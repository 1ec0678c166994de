<#
.SYNOPSIS
    The main job on the embedded lab: a cluster caught mid-upgrade (KB80406) is found, made safe and
    upgraded by the KB's recipe with the module's cmdlets, and ends consistent.
#>
param([Parameter(Mandatory)][string] $ModulePath)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $ModulePath 'EmailGateway.psd1') -Force

function Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }
function Show($Value) { $Value | Out-String -Width 120 | Write-Host }

Step 'A cluster caught mid-upgrade: the failover already on the next Patch, online beside the master'
$lab = New-GatewayLab -Preset KB80406 -Name Demo
Show (Get-GatewayNode)

Step 'Test-GatewayClusterConsistency finds the KB80406 hazard'
$result = Test-GatewayClusterConsistency
Show $result
Show ($result.Findings | Format-List RuleId, Severity, Nodes, Message, Remediation)

Step 'What the KB warns of: the master drops, the failover takes the virtual IP and greets as scmgateway'
Write-Host '(rehearsed on a copy of the lab, so the demo cluster stays as it is)'
$twin = Get-GatewayNode | New-GatewayLab -Name DemoTwin -Prefix twin-
Set-GatewayNodeState -ComputerName twin-meg1 -State Offline -Confirm:$false
Wait-GatewayLab -Name DemoTwin -Duration (New-TimeSpan -Minutes 2)
Show (Get-GatewayNode -ComputerName twin-* | Where-Object VrrpActive)
Show (Get-GatewayLabReport -Name DemoTwin | Select-Object OutageSeconds, RejectedDeliveries, @{ n = 'Violations'; e = { $_.Violations.Name -join ', ' } })
Remove-GatewayLab -Name DemoTwin -Confirm:$false

Step 'KB80406 workaround 1: take the odd failover offline at once'
Set-GatewayNodeState -ComputerName meg2 -State Offline -Confirm:$false

Step 'Recipe A: scanners offline, master upgraded in place (service pauses while it updates)'
$package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path ([IO.Path]::GetTempPath()) 'meg-7.6.4-P4.pkg')
Get-GatewayNode -Mode Scanner | Set-GatewayNodeState -State Offline -Confirm:$false
Install-GatewayUpdate -ComputerName meg1 -Path $package.Path -Confirm:$false

Step 'Recipe A: failover online and restarted beside a master of its own build, so it takes the configuration'
Set-GatewayNodeState -ComputerName meg2 -State Online -Confirm:$false
Restart-GatewayNode -ComputerName meg2 -Confirm:$false

Step 'Recipe A: scanners upgraded and brought online'
Get-GatewayNode -Mode Scanner | Install-GatewayUpdate -Path $package.Path -Confirm:$false
Get-GatewayNode -Mode Scanner | Set-GatewayNodeState -State Online -Confirm:$false
Wait-GatewayLab -Duration (New-TimeSpan -Minutes 2)

Step 'The cluster afterwards'
Show (Get-GatewayNode)
Show (Test-GatewayClusterConsistency)
$report = Get-GatewayLabReport
Show ($report | Select-Object OutageSeconds, RejectedDeliveries, DeliveredMessages)
$consistent = Test-GatewayClusterConsistency -Quiet
Remove-GatewayLab -Name Demo -Confirm:$false
Remove-Item $package.Path -ErrorAction SilentlyContinue
if (-not $consistent) { Write-Host 'The cluster is NOT consistent.' -ForegroundColor Red; exit 1 }
Write-Host "`nConsistent on 7.6.4 P4." -ForegroundColor Green
