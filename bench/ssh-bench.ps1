#Requires -Version 7.2
<#
.SYNOPSIS
    SSH benchmark: Get-GatewayNode over 64 appliances behind real sshd processes, cold (new sessions) and
    warm (reused), beside parallel-ssh, a sequential ssh loop and OpenSSH connection sharing
    (ControlMaster), all running `show status` against the same appliance program. Medians and ratios go
    to docs/benchmarks.md. Linux, as root (it creates a test user and starts sshd).
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    dotnet pwsh ./bench/ssh-bench.ps1 -ModulePath ./out/EmailGateway -Root . -Runs 5
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Root,
    [int] $Appliances = 64,
    [int] $Runs = 5,
    [int] $SequentialRuns = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = (Resolve-Path $Root).Path
Import-Module (Join-Path $Root 'tools/SshdLab/SshdLab.psm1') -Force

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

function Measure-Seconds([scriptblock] $Action) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Action
    $watch.Stop()
    $watch.Elapsed.TotalSeconds
}

function Invoke-Checked([string] $FilePath, [string[]] $Arguments) {
    $output = & $FilePath @Arguments 2>&1
    if ($LASTEXITCODE) { throw "$FilePath failed ($LASTEXITCODE): $($output | Select-Object -Last 5 | Out-String)" }
    $output
}

# The appliance program: a native (ahead-of-time) build when the toolchain allows, else the JIT build.
$applianceDir = Join-Path $Root 'out/appliance'
Write-Host 'Publishing the appliance program (native)...' -ForegroundColor Cyan
& dotnet publish (Join-Path $Root 'src/EmailGateway.Appliance') -c Release -r linux-x64 -p:ApplianceAot=true -o $applianceDir --nologo -v q 2>&1 | Out-Null
if ($LASTEXITCODE) {
    Write-Warning 'The native publish failed (is clang installed?); measuring the JIT build instead.'
    Remove-Item $applianceDir -Recurse -Force -ErrorAction SilentlyContinue
}
$appliance = Find-ApplianceProgram -Root $Root
$jitAppliance = Join-Path $Root 'src/EmailGateway.Appliance/bin/Release/net10.0/EmailGateway.Appliance'

$lab = Start-SshdLab -AppliancePath $appliance -Appliances $Appliances -FirstOctet 101 -LabArguments @('--fleet', "$Appliances")
try {
    $results = [ordered]@{}
    $addresses = $lab.Addresses
    $port = $lab.Port

    # Start-up of one `show status` in the appliance program, run locally (what sshd pays per command),
    # on a copy of the lab state so the served one keeps its owner.
    $probeState = Join-Path $lab.Directory 'startup-probe/lab.yaml'
    New-Item -ItemType Directory (Split-Path $probeState) | Out-Null
    Copy-Item $lab.StatePath $probeState
    function Measure-ApplianceStartup([string] $Program) {
        $env:SSH_CONNECTION = "127.0.0.1 40000 $($addresses[0]) $port"
        $env:SSH_ORIGINAL_COMMAND = 'show status'
        try {
            $samples = 1..15 | ForEach-Object { Measure-Seconds { & $Program --state $probeState | Out-Null } }
        }
        finally { Remove-Item Env:SSH_CONNECTION, Env:SSH_ORIGINAL_COMMAND }
        (Get-Median $samples) * 1000
    }
    $startupMs = Measure-ApplianceStartup $appliance
    $jitStartupMs = if ((Test-Path $jitAppliance) -and $jitAppliance -ne $appliance) { Measure-ApplianceStartup $jitAppliance } else { $startupMs }

    # The module: cold = open 64 sessions and read every node; warm = read every node over the open sessions.
    Import-Module (Join-Path $ModulePath 'EmailGateway.psd1') -Force
    $keyOnly = [pscredential]::new($lab.UserName, [securestring]::new())
    $targets = $addresses | ForEach-Object { "${_}:$port" }
    $sessionArgs = @{ ComputerName = $targets; Credential = $keyOnly; KeyFilePath = $lab.ClientKeyPath; KnownHostsPath = $lab.KnownHostsPath; ThrottleLimit = 64 }
    $cold = foreach ($run in 1..$Runs) {
        Get-GatewaySession | Remove-GatewaySession -Confirm:$false
        $seconds = Measure-Seconds {
            New-GatewaySession @sessionArgs | Out-Null
            $script:nodes = @(Get-GatewayNode -ThrottleLimit 64)
        }
        if ($script:nodes.Count -ne $Appliances) { throw "cold run read $($script:nodes.Count) of $Appliances nodes" }
        $seconds
    }
    $warm = foreach ($run in 1..$Runs) {
        $seconds = Measure-Seconds { $script:nodes = @(Get-GatewayNode -ThrottleLimit 64) }
        if ($script:nodes.Count -ne $Appliances) { throw "warm run read $($script:nodes.Count) of $Appliances nodes" }
        $seconds
    }
    Get-GatewaySession | Remove-GatewaySession -Confirm:$false

    # OpenSSH: parallel-ssh -p 64, a sequential loop, and ControlMaster connection sharing.
    $hosts = Join-Path $lab.Directory 'pssh-hosts'
    Set-Content $hosts ($addresses | ForEach-Object { "${_}:$port" })
    $sshOptions = @('-i', $lab.ClientKeyPath, '-o', "UserKnownHostsFile=$($lab.KnownHostsPath)", '-o', 'StrictHostKeyChecking=yes',
        '-o', 'BatchMode=yes', '-o', 'GlobalKnownHostsFile=/dev/null')
    $pssh = foreach ($run in 1..$Runs) {
        Measure-Seconds { Invoke-Checked parallel-ssh @('-h', $hosts, '-p', '64', '-t', '120', '-l', $lab.UserName, '-x', ($sshOptions -join ' '), 'show status') | Out-Null }
    }
    $sequential = foreach ($run in 1..$SequentialRuns) {
        Measure-Seconds { foreach ($address in $addresses) { Invoke-Checked ssh (@('-p', "$port") + $sshOptions + @("$($lab.UserName)@$address", 'show status')) | Out-Null } }
    }
    $controlDir = Join-Path $lab.Directory 'cm'
    New-Item -ItemType Directory $controlDir | Out-Null
    $controlPath = Join-Path $controlDir '%h-%p'
    foreach ($address in $addresses) {
        Invoke-Checked ssh (@('-p', "$port") + $sshOptions + @('-o', 'ControlMaster=yes', '-o', "ControlPath=$controlPath", '-o', 'ControlPersist=600', '-fN', "$($lab.UserName)@$address")) | Out-Null
    }
    try {
        $muxOptions = $sshOptions + @('-o', 'ControlMaster=no', '-o', "ControlPath=$controlPath")
        $controlMaster = foreach ($run in 1..$Runs) {
            Measure-Seconds { Invoke-Checked parallel-ssh @('-h', $hosts, '-p', '64', '-t', '120', '-l', $lab.UserName, '-x', ($muxOptions -join ' '), 'show status') | Out-Null }
        }
    }
    finally {
        foreach ($address in $addresses) { & ssh -p $port -o "ControlPath=$controlPath" -O exit "$($lab.UserName)@$address" 2>&1 | Out-Null }
    }

    $median = [ordered]@{
        Cold = Get-Median $cold; Warm = Get-Median $warm; Pssh = Get-Median $pssh
        Sequential = Get-Median $sequential; ControlMaster = Get-Median $controlMaster
    }
    $coldRatio = $median.Cold / $median.Pssh
    $warmRatio = $median.Warm / $median.ControlMaster
    $format = { param($v) $v.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture) }
    $raw = { param($values) ($values | ForEach-Object { & $format $_ }) -join ', ' }
    $applianceKind = if ($appliance -like '*out/appliance*') { 'native (ahead-of-time) build' } else { 'JIT build' }
    $load = (Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' '
    $section = @"
<!-- ssh-bench:start -->
## SSH: Get-GatewayNode over $Appliances appliances behind real sshd

Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') on $([Environment]::ProcessorCount) cores (load average at the end: $load),
OpenSSH $((& ssh -V 2>&1) -replace ',.*$', ''), $Appliances appliance addresses on 127.0.1.101+ behind $([Math]::Ceiling($Appliances / 16)) sshd processes,
every client running ``show status`` through the same appliance program ($applianceKind).
Medians of $Runs runs ($SequentialRuns for the sequential loop), wall-clock seconds for all $Appliances appliances.

| client | median (s) | runs (s) |
|---|---:|---|
| Get-GatewayNode, cold (New-GatewaySession + Get-GatewayNode, -ThrottleLimit 64) | $(& $format $median.Cold) | $(& $raw $cold) |
| parallel-ssh -p 64 | $(& $format $median.Pssh) | $(& $raw $pssh) |
| sequential ssh loop | $(& $format $median.Sequential) | $(& $raw $sequential) |
| Get-GatewayNode, warm (sessions reused) | $(& $format $median.Warm) | $(& $raw $warm) |
| parallel-ssh -p 64 over ControlMaster/ControlPersist (warm) | $(& $format $median.ControlMaster) | $(& $raw $controlMaster) |

| ratio | value | target |
|---|---:|---:|
| cold / parallel-ssh | $(& $format $coldRatio) | at most 1.00 |
| warm / ControlMaster | $(& $format $warmRatio) | at most 0.50 |

Appliance program start-up (one local ``show status``, median of 15): $(& $format $startupMs) ms for the build measured,
$(& $format $jitStartupMs) ms for the JIT build. It is paid by the server for every command, by every client alike.

Reproduce (Linux, as root): ``dotnet pwsh ./build.ps1 -Task Bench``, or after a build
``dotnet pwsh ./bench/ssh-bench.ps1 -ModulePath ./out/EmailGateway -Root .``
<!-- ssh-bench:end -->
"@
    $docs = Join-Path $Root 'docs/benchmarks.md'
    $existing = if (Test-Path $docs) { Get-Content $docs -Raw } else { "# Benchmarks`n`n" }
    $pattern = '(?s)<!-- ssh-bench:start -->.*?<!-- ssh-bench:end -->'
    $updated = if ($existing -match $pattern) { [regex]::Replace($existing, $pattern, { param($m) $section }) } else { $existing.TrimEnd() + "`n`n" + $section + "`n" }
    Set-Content -Path $docs -Value $updated -NoNewline
    Write-Host $section
}
finally {
    Get-GatewaySession -ErrorAction SilentlyContinue | Remove-GatewaySession -Confirm:$false -ErrorAction SilentlyContinue
    Stop-SshdLab $lab
}
