#Requires -Version 7.2
<#
.SYNOPSIS
    Import time: what `Import-Module EmailGateway` adds to a bare `pwsh -NoProfile` start. Each round starts
    one bare pwsh and one that imports the module (and, with -CompareModulePath, one per other build of
    it), one that imports it and runs a first command, in the same order every round; the figure is the
    median of the per-round differences.
.EXAMPLE
    dotnet pwsh ./bench/import-bench.ps1 -ModulePath ./out/EmailGateway -Root . -NoPublish
.EXAMPLE
    dotnet pwsh ./bench/import-bench.ps1 -ModulePath ./out/EmailGateway -Root . -CompareModulePath /tmp/old/EmailGateway -NoPublish
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Root,
    [ValidateRange(3, 200)][int] $Rounds = 31,
    # Other builds of the module, measured in the same rounds (before/after a change).
    [string[]] $CompareModulePath = @(),
    # Print the figures without writing docs/benchmarks.md.
    [switch] $NoPublish
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
$loadAtStart = Get-BenchLoad
$targetMs = 100

$native = Join-Path $PSHOME 'pwsh'
$pwsh = @(if (Test-Path $native) { $native } else { 'dotnet'; Join-Path $PSHOME 'pwsh.dll' })
$cpuMs = @{}
$inProcessMs = @{}
# PowerShell keeps the runtime's startup JIT profile in its cache folder: each pwsh replays, on a background
# thread, what the one before it compiled, and rewrites the profile when it exits. Shared, every import run
# would replay a bare run's profile and every bare run an import's. Each client gets a cache folder of its
# own (XDG_CACHE_HOME; on Windows the clients share the user's), so each replays its own previous run, as
# a user who starts PowerShell the same way every time.
$cacheRoot = Join-Path ([IO.Path]::GetTempPath()) "import-bench-$PID"
$cacheOf = @{}
function Measure-PwshStart([string] $Name, [string] $Command) {
    # Seconds from starting pwsh -NoProfile with $Command to its exit. Kept per client as well: the CPU time
    # the process reports just before it exits (less disturbed by other work on the machine than wall time),
    # and the time $Command itself took inside the process (free of the start's and the exit's noise).
    if (-not $cacheOf.ContainsKey($Name)) { $cacheOf[$Name] = New-Item -ItemType Directory -Force -Path (Join-Path $cacheRoot $cacheOf.Count) }
    $savedCache = $env:XDG_CACHE_HOME
    $env:XDG_CACHE_HOME = $cacheOf[$Name].FullName
    try {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "`$commandWatch = [Diagnostics.Stopwatch]::StartNew(); $Command; '{0} {1}' -f [int]`$commandWatch.Elapsed.TotalMilliseconds, [int][Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalMilliseconds" 2>&1
        $watch.Stop()
    }
    finally { $env:XDG_CACHE_HOME = $savedCache }
    if ($LASTEXITCODE) { throw "pwsh -Command '$Command' failed: $($output -join "`n")" }
    if (-not $cpuMs.ContainsKey($Name)) { $cpuMs[$Name] = [Collections.Generic.List[double]]::new(); $inProcessMs[$Name] = [Collections.Generic.List[double]]::new() }
    $commandMs, $processCpuMs = "$($output | Select-Object -Last 1)" -split ' '
    $inProcessMs[$Name].Add([double]$commandMs)
    $cpuMs[$Name].Add([double]$processCpuMs)
    [double]$watch.Elapsed.TotalSeconds
}

$modules = [ordered]@{ 'this build' = (Resolve-Path $ModulePath).Path }
foreach ($path in $CompareModulePath) { $modules[$path] = (Resolve-Path $path).Path }
# The runner calls these from its own module: they reach this script's function through $measure.
$measure = ${function:Measure-PwshStart}
$bareName = 'bare pwsh -NoProfile'
$clients = [ordered]@{ $bareName = { & $measure $bareName '$null' }.GetNewClosure() }
foreach ($name in $modules.Keys) {
    # Stops with an error when the import fails, so a broken build never reads as fast.
    $command = "Import-Module '$(Join-Path $modules[$name] 'EmailGateway.psd1')' -ErrorAction Stop"
    $client = "Import-Module ($name)"
    $clients[$client] = { & $measure $client $command }.GetNewClosure()
}
# The first command after the import (Get-GatewayNode with no session loads Core and returns nothing): work
# deferred from the import to the first command shows here, so a faster import never hides a slower start.
$firstCommandName = "Import-Module (this build); Get-GatewayNode (the first command)"
$firstCommand = "Import-Module '$(Join-Path $modules['this build'] 'EmailGateway.psd1')' -ErrorAction Stop; `$null = Get-GatewayNode -WarningAction SilentlyContinue"
$clients[$firstCommandName] = { & $measure $firstCommandName $firstCommand }.GetNewClosure()
# PowerShell's own part: importing a manifest module that declares nothing, measured in the same rounds.
$referenceName = "Import-Module (a manifest that declares nothing: PowerShell's own part)"
$reference = Join-Path $cacheRoot 'reference/Empty'
New-Item -ItemType Directory -Force -Path $reference | Out-Null
Set-Content -LiteralPath (Join-Path $reference 'Empty.psd1') -Value "@{ ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"
$referenceCommand = "Import-Module '$(Join-Path $reference 'Empty.psd1')' -ErrorAction Stop"
$clients[$referenceName] = { & $measure $referenceName $referenceCommand }.GetNewClosure()
# PowerShell's floor for a module of this shape: a binary module with as many cmdlets, under the same verbs, that
# do nothing, and a format file of one table view. Compiled here, so it runs on the PowerShell being measured.
$manifestData = Import-PowerShellDataFile -LiteralPath (Join-Path $modules['this build'] 'EmailGateway.psd1')
$verbs = @($manifestData.CmdletsToExport | ForEach-Object { ($_ -split '-')[0] })
$floorName = "Import-Module (a binary module of $($verbs.Count) empty cmdlets and a one-view format file: PowerShell's floor)"
$floor = Join-Path $cacheRoot 'reference/Floor'
New-Item -ItemType Directory -Force -Path $floor | Out-Null
$floorCmdlets = for ($i = 0; $i -lt $verbs.Count; $i++) {
    "[Cmdlet(`"$($verbs[$i])`", `"FloorNoun$i`")] public sealed class Command$i : PSCmdlet { [Parameter(ValueFromPipelineByPropertyName = true)] public string Name { get; set; } protected override void ProcessRecord() { WriteObject(Name); } }"
}
Add-Type -OutputAssembly (Join-Path $floor 'Floor.dll') -TypeDefinition "using System.Management.Automation; namespace Floor { $($floorCmdlets -join "`n") }"
Set-Content -LiteralPath (Join-Path $floor 'Floor.format.ps1xml') -Value '<Configuration><ViewDefinitions><View><Name>Floor</Name><ViewSelectedBy><TypeName>System.String</TypeName></ViewSelectedBy><TableControl><TableHeaders><TableColumnHeader><Label>Length</Label><Width>8</Width></TableColumnHeader></TableHeaders><TableRowEntries><TableRowEntry><TableColumnItems><TableColumnItem><PropertyName>Length</PropertyName></TableColumnItem></TableColumnItems></TableRowEntry></TableRowEntries></TableControl></View></ViewDefinitions></Configuration>'
$floorExports = ($verbs | ForEach-Object -Begin { $i = 0 } -Process { "'$_-FloorNoun$i'"; $i++ }) -join ', '
Set-Content -LiteralPath (Join-Path $floor 'Floor.psd1') -Value "@{ RootModule = 'Floor.dll'; ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FormatsToProcess = @('Floor.format.ps1xml'); CmdletsToExport = @($floorExports); FunctionsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"
$floorCommand = "Import-Module '$(Join-Path $floor 'Floor.psd1')' -ErrorAction Stop"
# Checked once, outside the rounds: a floor that exported nothing would skip the work it stands for.
$floorExported = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command "$floorCommand; @((Get-Module Floor).ExportedCmdlets.Keys).Count"
if ("$floorExported" -ne "$($verbs.Count)") { throw "The floor module exports $floorExported cmdlets, not $($verbs.Count)." }
$clients[$floorName] = { & $measure $floorName $floorCommand }.GetNewClosure()
try { $results = @(Invoke-BenchInterleaved -Clients $clients -Rounds $Rounds -Warmup -Verbose:$VerbosePreference) }
finally { Remove-Item -LiteralPath $cacheRoot -Recurse -Force -ErrorAction SilentlyContinue }

$bare = $results[0]
# The warm-up run is the first CPU sample of each client.
$bareCpu = @($cpuMs[$bare.Client] | Select-Object -Skip 1)
$rows = foreach ($result in $results | Select-Object -Skip 1) {
    $added = @(for ($i = 0; $i -lt $Rounds; $i++) { ($result.Runs[$i] - $bare.Runs[$i]) * 1000 })
    $cpu = @($cpuMs[$result.Client] | Select-Object -Skip 1)
    $addedCpu = @(for ($i = 0; $i -lt $Rounds; $i++) { $cpu[$i] - $bareCpu[$i] })
    $commandMs = Get-BenchMedian @($inProcessMs[$result.Client] | Select-Object -Skip 1)
    [pscustomobject]@{ Client = $result.Client; AddedMs = Get-BenchMedian $added; AddedCpuMs = Get-BenchMedian $addedCpu; CommandMs = $commandMs; Runs = $added; StartMs = $result.Median * 1000 }
}
$table = foreach ($row in $rows) {
    '| {0} | {1} | {2} | {3} | {4} | {5} | {6} |' -f $row.Client, (Format-BenchNumber $row.AddedMs '0'), (Format-BenchNumber $row.AddedCpuMs '0'),
        (Format-BenchNumber $row.CommandMs '0'), (Format-BenchNumber $row.StartMs '0'), $(if ($row.Client -in $referenceName, $floorName) { '(reference)' } elseif ($row.Client -eq $firstCommandName) { '(import and first command)' } else { Format-BenchTarget -Value $row.AddedMs -Limit $targetMs }), (($row.Runs | ForEach-Object { Format-BenchNumber $_ '0' }) -join ', ')
}
$thisRow = $rows | Where-Object Client -eq 'Import-Module (this build)'
$floorRow = $rows | Where-Object Client -eq $floorName
$againstFloor = "Against PowerShell's floor for a module of this shape, this build adds $(Format-BenchNumber ($thisRow.AddedMs - $floorRow.AddedMs) '0') ms of wall time and $(Format-BenchNumber ($thisRow.CommandMs - $floorRow.CommandMs) '0') ms to the import timed inside the process."
if ($floorRow.AddedMs -gt $targetMs) {
    $againstFloor += " The floor alone is above the target: on this PowerShell, a binary module of $($verbs.Count) cmdlets with a format file does not import within $targetMs ms."
}
$body = @"
## Import time (bench/import-bench.ps1)

Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') with PowerShell $($PSVersionTable.PSVersion) on .NET $([Environment]::Version).
$Rounds rounds after one warm-up; each round starts a bare ``pwsh -NoProfile`` (median $(Format-BenchNumber ($bare.Median * 1000) '0') ms to exit) and
one that runs ``Import-Module`` of the module, one that imports it and runs a first command (``Get-GatewayNode`` with no
session, which loads Core), then one that imports a manifest declaring nothing (what any module costs) and one that imports a
binary module of as many cmdlets under the same verbs, each doing nothing, with a one-view format file (what PowerShell takes
for a module of this shape), in the same order, each client with a PowerShell cache folder of its own
(where the startup JIT profile that the next start replays is kept). Added time is the median of the per-round differences
of wall time (the target) and of the CPU time the process used (user and system, all threads); the time the command itself
took, timed inside the process, leaves out the start and the exit, whose noise is most of the spread between rounds.

| pwsh -NoProfile running | added wall (ms) | added CPU (ms) | the command alone, timed inside the process (ms) | median start to exit (ms) | target: wall at most $targetMs ms | added wall per round (ms) |
|---|---:|---:|---:|---:|---|---|
$($table -join "`n")

$againstFloor

Reproduce: ``dotnet pwsh ./bench/import-bench.ps1 -ModulePath ./out/EmailGateway -Root .``
"@

if ($NoPublish) { Write-Host $body; Write-Host "Load average at the start: $($loadAtStart.Text); now: $((Get-BenchLoad).Text)." }
else { $null = Publish-BenchSection -Root $Root -Name 'import-bench' -Body $body -LoadAtStart $loadAtStart }
