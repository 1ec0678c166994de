#Requires -Version 7.2
<#
.SYNOPSIS
    SSH benchmark: Get-GatewayNode over appliances behind real sshd processes, every client measured in the
    same loop (A B A B ...). Cold: New-GatewaySession + Get-GatewayNode against parallel-ssh. Warm: reused
    sessions against the floor (the same `show status` run by the appliance program locally, in parallel,
    no SSH) and OpenSSH's ControlMaster. Scale: cold and warm at -Appliances and -ScaleAppliances (16
    addresses per sshd), seconds per appliance, working set and open file descriptors. Profile: where a
    cold connection spends its time. Linux, as root (it creates a test user and starts sshd).
    docs/benchmarks.md is written only when the load average at the start does not exceed the core count.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench
.EXAMPLE
    dotnet pwsh ./bench/ssh-bench.ps1 -ModulePath ./out/EmailGateway -Root . -Appliances 8 -ScaleAppliances 32 -Rounds 2 -NoPublish
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Root,
    [int] $Appliances = 64,
    [int] $ScaleAppliances = 256,
    [int] $Rounds = 5,
    [int] $ProfileConnections = 16,
    # Print the figures without writing docs/benchmarks.md (a trial run, or a run at other sizes).
    [switch] $NoPublish,
    # An appliance program already built, instead of publishing the native one.
    [string] $AppliancePath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version Latest
$Root = (Resolve-Path $Root).Path
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
Import-Module (Join-Path $Root 'tools/SshdLab/SshdLab.psm1') -Force
$loadAtStart = Get-BenchLoad
$f = { param($v, $format = '0.00') Format-BenchNumber $v $format }

function Invoke-Checked([string] $FilePath, [string[]] $Arguments) {
    $output = & $FilePath @Arguments 2>&1
    if ($LASTEXITCODE) { throw "$FilePath failed ($LASTEXITCODE): $($output | Select-Object -Last 5 | Out-String)" }
}

# The appliance program: a native (ahead-of-time) build when the toolchain allows, else the JIT build. It is
# published to a folder of its own, so the tests, which take out/appliance before the build output, never
# run a stale copy of it.
if ($AppliancePath) {
    $appliance = (Resolve-Path $AppliancePath).Path
    $applianceKind = 'given build'
}
else {
    $applianceDir = Join-Path $Root 'out/bench/appliance'
    & dotnet publish (Join-Path $Root 'src/EmailGateway.Appliance') -c Release -r linux-x64 -p:ApplianceAot=true -o $applianceDir --nologo -v q 2>&1 | Out-Null
    if ($LASTEXITCODE) {
        Write-Warning 'The native publish failed (is clang installed?); measuring the JIT build instead.'
        Remove-Item $applianceDir -Recurse -Force -ErrorAction SilentlyContinue
        $appliance = Find-ApplianceProgram -Root $Root
        $applianceKind = 'JIT build'
    }
    else {
        $appliance = Join-Path $applianceDir 'EmailGateway.Appliance'
        $applianceKind = 'native (ahead-of-time) build'
    }
}

# Each sshd process (16 addresses) serves a fleet lab of its own, so an appliance answering `show status` loads
# a state of 16 nodes whether the bench reads 64 or 256: the server's cost per appliance does not grow with the
# fleet, and the scale rows measure the client.
$lab = Start-SshdLab -AppliancePath $appliance -Appliances $ScaleAppliances -FirstAddress 127.1.0.1 -FleetPerProcess
try {
    Import-Module (Join-Path $ModulePath 'EmailGateway.psd1') -Force
    $port = $lab.Port
    $keyOnly = [pscredential]::new($lab.UserName, [securestring]::new())
    $names = @($lab.Addresses | ForEach-Object { "${_}:$port" })
    $small = $names[0..($Appliances - 1)]
    $sessionArgs = @{ Credential = $keyOnly; KeyFilePath = $lab.ClientKeyPath; KnownHostsPath = $lab.KnownHostsPath; ThrottleLimit = 64 }
    function Open-Sessions([string[]] $Targets) { New-GatewaySession -ComputerName $Targets @sessionArgs | Out-Null }
    function Read-Nodes([string[]] $Targets) {
        $nodes = @(Get-GatewayNode -ComputerName $Targets -ThrottleLimit 64)
        if ($nodes.Count -ne $Targets.Count) { throw "read $($nodes.Count) of $($Targets.Count) nodes" }
    }
    function Close-Sessions { Get-GatewaySession | Remove-GatewaySession -Confirm:$false }

    # OpenSSH: parallel-ssh -p 64, and the same over ControlMaster connections opened beforehand.
    $hosts = Join-Path $lab.Directory 'pssh-hosts'
    Set-Content $hosts $small
    $sshOptions = @('-F', '/dev/null', '-i', $lab.ClientKeyPath, '-o', "UserKnownHostsFile=$($lab.KnownHostsPath)", '-o', 'StrictHostKeyChecking=yes',
        '-o', 'BatchMode=yes', '-o', 'GlobalKnownHostsFile=/dev/null')
    $pssh = { param($options) Invoke-Checked parallel-ssh @('-h', $hosts, '-p', '64', '-t', '120', '-l', $lab.UserName, '-x', ($options -join ' '), 'show status') }
    $controlPath = Join-Path $lab.Directory 'cm-%h-%p'
    $muxOptions = $sshOptions + @('-o', 'ControlMaster=no', '-o', "ControlPath=$controlPath")

    # The floor: the same commands run by the appliance program as sshd runs it (through /bin/sh, as the
    # lab user; setpriv switches user without a login session), all at once, with no SSH at all. Each runs in
    # a session of its own (setsid), as under sshd: with the kernel's autogroup scheduling a session is one
    # group for CPU shares, so 64 commands in the bench's own session would get the share sshd's 64 get alone.
    $floorList = Join-Path $lab.Directory 'floor-addresses'
    Set-Content $floorList @($small -replace ':\d+$', '' | ForEach-Object { "$_ $($lab.StateByAddress[$_])" })
    function Get-LabUserHome { (Get-Content /etc/passwd | Where-Object { $_ -like "$($lab.UserName):*" }).Split(':')[5] }
    # Timed inside the shell (nanoseconds), so starting the shell from PowerShell is not counted.
    # Each line of the list is an address and the state file its sshd serves ($0 and $1 of the inner shell).
    $floorScript = "start=`$(date +%s%N); xargs -P 64 -n 2 setsid -w sh -c 'SSH_CONNECTION=""127.0.0.1 40000 `$0 $port"" SSH_ORIGINAL_COMMAND=""show status"" $appliance --state `$1 >/dev/null' < $floorList || exit 1; echo `$((`$(date +%s%N) - start))"
    $floor = {
        $nanoseconds = & setpriv "--reuid=$($lab.UserName)" "--regid=$($lab.UserName)" '--init-groups' env "HOME=$(Get-LabUserHome)" sh -c $floorScript
        if ($LASTEXITCODE) { throw "the floor run failed ($LASTEXITCODE)" }
        [double]$nanoseconds / 1e9
    }

    # Cold and warm against the other clients, interleaved.
    Write-Host "Cold and warm, $Appliances appliances, $Rounds rounds..." -ForegroundColor Cyan
    # Before every cold run, whichever client it is: no session open, and sshd done with the previous run's
    # connections, so each starts from the same server state (in the main and the scale tables alike).
    function Reset-Cold { Close-Sessions; $null = Wait-SshdLabIdle $lab }
    # A cold fan-out of ours, with this process's CPU per appliance kept in $CpuPerAppliance.
    $process = [Diagnostics.Process]::GetCurrentProcess()
    function Invoke-ModuleCold([string[]] $Targets, [Collections.Generic.List[double]] $CpuPerAppliance) {
        $process.Refresh(); $before = $process.TotalProcessorTime
        Open-Sessions $Targets; Read-Nodes $Targets
        $process.Refresh(); $CpuPerAppliance.Add(($process.TotalProcessorTime - $before).TotalMilliseconds / $Targets.Count)
    }
    # Warm-up until steady: .NET compiles the hot paths again, optimised, only after they have run a while
    # (tiered compilation), so the first cold fan-outs of a process cost several times the CPU of later ones
    # (with DOTNET_TieredCompilation=0 the second run is already as cheap as the twentieth). Measured cold
    # runs start once this process's CPU per appliance has settled near its lowest (at least 8 fan-outs, at
    # most 20), so the main and the scale table measure the client in the same state.
    $warmupCpu = [Collections.Generic.List[double]]::new()
    $warmupSeconds = [Collections.Generic.List[double]]::new()
    do {
        Reset-Cold
        $warmupSeconds.Add((Measure-BenchSeconds { Invoke-ModuleCold $small $warmupCpu }))
        $settled = $warmupCpu.Count -ge 8 -and (Get-BenchMedian @($warmupCpu | Select-Object -Last 3)) -le 1.15 * ($warmupCpu | Measure-Object -Minimum).Minimum
    } until ($settled -or $warmupCpu.Count -ge 20)
    $coldCpu = [Collections.Generic.List[double]]::new()
    $cold = Invoke-BenchInterleaved -Rounds $Rounds -Warmup -Setup @{ Module = { Reset-Cold }; Pssh = { Reset-Cold } } -Clients ([ordered]@{
            Module = { Invoke-ModuleCold $small $coldCpu }
            Pssh   = { & $pssh $sshOptions }
        })
    Close-Sessions
    Open-Sessions $small
    foreach ($name in $small) { Invoke-Checked ssh (@('-p', "$port") + $sshOptions + @('-o', 'ControlMaster=yes', '-o', "ControlPath=$controlPath", '-o', 'ControlPersist=600', '-fN', "$($lab.UserName)@$($name -replace ':\d+$', '')")) }
    try {
        $warm = Invoke-BenchInterleaved -Rounds $Rounds -Warmup -Clients ([ordered]@{
                Module        = { Read-Nodes $small }
                Floor         = { & $floor }
                ControlMaster = { & $pssh $muxOptions }
            })
    }
    finally {
        foreach ($name in $small) { & ssh -p $port -o "ControlPath=$controlPath" -O exit "$($lab.UserName)@$($name -replace ':\d+$', '')" 2>&1 | Out-Null }
    }
    Close-Sessions
    $coldRatio = Get-BenchRatio ($cold | Where-Object Client -eq Module) ($cold | Where-Object Client -eq Pssh)
    $warmRatio = Get-BenchRatio ($warm | Where-Object Client -eq Module) ($warm | Where-Object Client -eq Floor)

    # Scale: the same, at two sizes, interleaved; memory and descriptors with the sessions open.
    Write-Host "Scale, $Appliances and $ScaleAppliances appliances..." -ForegroundColor Cyan
    function Get-Footprint {
        # The managed heap after a full, compacting collection is what the sessions' objects hold, and it
        # is steady: the target is read on it. The working set and the private resident memory (RssAnon:
        # heap, thread stacks, native buffers) also count the free memory the GC keeps for reuse, which
        # moves by megabytes between two readings; they are reported beside it.
        [GC]::Collect(2, [GCCollectionMode]::Forced, $true, $true); [GC]::WaitForPendingFinalizers()
        $heap = [GC]::GetTotalMemory($true)
        $process.Refresh()
        $rssAnonKb = [double](((Get-Content /proc/$PID/status) -match '^RssAnon:' -split '\s+')[1])
        [pscustomobject]@{ Heap = $heap; Private = $rssAnonKb * 1KB; WorkingSet = $process.WorkingSet64; Descriptors = @(Get-ChildItem /proc/$PID/fd).Count }
    }
    $baseline = Get-Footprint
    $smallCpu = [Collections.Generic.List[double]]::new()
    $largeCpu = [Collections.Generic.List[double]]::new()
    $scaleCold = Invoke-BenchInterleaved -Rounds $Rounds -Warmup -Setup @{ Small = { Reset-Cold }; Large = { Reset-Cold } } -Clients ([ordered]@{
            Small = { Invoke-ModuleCold $small $smallCpu }
            Large = { Invoke-ModuleCold $names $largeCpu }
        })
    Close-Sessions
    Open-Sessions $small
    $withSmall = Get-Footprint
    Open-Sessions $names[$Appliances..($names.Count - 1)]
    $withLarge = Get-Footprint
    $scaleWarm = Invoke-BenchInterleaved -Rounds $Rounds -Clients ([ordered]@{
            Small = { Read-Nodes $small }
            Large = { Read-Nodes $names }
        })
    $process.Refresh()
    $peakWorkingSet = $process.PeakWorkingSet64
    Close-Sessions
    $perAppliance = { param($runs, $client, $count) ($runs | Where-Object Client -eq $client).Median / $count }
    $coldScaleRatio = (& $perAppliance $scaleCold Large $ScaleAppliances) / (& $perAppliance $scaleCold Small $Appliances)
    $warmScaleRatio = (& $perAppliance $scaleWarm Large $ScaleAppliances) / (& $perAppliance $scaleWarm Small $Appliances)
    $growthKb = { param($measure) ($withLarge.$measure - $withSmall.$measure) / 1KB / ($ScaleAppliances - $Appliances) }
    $heapGrowthKb = & $growthKb Heap
    $privateGrowthKb = & $growthKb Private

    # Profile: cold connections one at a time, with the phases the connector reports (-Verbose).
    Write-Host "Profile, $ProfileConnections connections one at a time..." -ForegroundColor Cyan
    $listeners = @($lab.Processes.Id)
    function Get-ServerCpuSeconds {
        # utime + stime + the reaped children's (sshd's per-connection processes), in clock ticks of 1/100 s
        ($listeners | ForEach-Object {
            $stat = [IO.File]::ReadAllText("/proc/$_/stat")
            $fields = $stat.Substring($stat.LastIndexOf(')') + 2).Split(' ')
            [double]$fields[11] + [double]$fields[12] + [double]$fields[13] + [double]$fields[14]
        } | Measure-Object -Sum).Sum / 100
    }
    $phases = [Collections.Generic.List[object]]::new()
    $process.Refresh(); $clientCpu = $process.TotalProcessorTime; $serverCpu = Get-ServerCpuSeconds
    $commandMs = foreach ($name in $names[0..($ProfileConnections - 1)]) {
        $verbose = New-GatewaySession -ComputerName $name @sessionArgs -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $line = @($verbose | Where-Object Message -match 'connected to .* in (\d+) ms: waited (\d+) ms .*TCP and version (\d+) ms, key exchange (\d+) ms, authentication (\d+) ms')[0]
        if ($line) { $phases.Add([pscustomobject]@{ Total = [double]$Matches[1]; Slot = [double]$Matches[2]; Tcp = [double]$Matches[3]; Kex = [double]$Matches[4]; Auth = [double]$Matches[5] }) }
        (Measure-BenchSeconds { Read-Nodes @($name) }) * 1000
    }
    $process.Refresh()
    $clientCpuMs = ($process.TotalProcessorTime - $clientCpu).TotalMilliseconds / $ProfileConnections
    $sample = (Get-GatewayNode -ComputerName $names[0] | Select-Object -First 1)
    Close-Sessions
    Start-Sleep -Seconds 2 # sshd reaps the sessions' processes, whose CPU time then counts in the listener's
    $serverCpuMs = ((Get-ServerCpuSeconds) - $serverCpu) * 1000 / $ProfileConnections
    # The module loads its assemblies privately: reach the status parser through the typed node's own assembly.
    $node = $sample.GetNode()
    $statusDocument = $node.GetType().Assembly.GetType('EmailGateway.Protocol.StatusDocument', $true)
    $statusText = $statusDocument.GetMethod('Write').Invoke($null, @($node))
    $parse = $statusDocument.GetMethod('Parse')
    $parseUs = (Measure-BenchSeconds { for ($i = 0; $i -lt 1000; $i++) { $null = $parse.Invoke($null, @($statusText, $null)) } }) * 1000
    $phase = { param($name) Get-BenchMedian @($phases | ForEach-Object { $_.$name }) }

    # The CPU lists hold the untimed warm-up run first: the median is over the measured rounds.
    $cpuMedian = { param($list) & $f (Get-BenchMedian @($list | Select-Object -Last $Rounds)) '0.0' }
    $row = { param($runs, $client, $label) $r = $runs | Where-Object Client -eq $client; "| $label | $(& $f $r.Median) | $(($r.Runs | ForEach-Object { & $f $_ }) -join ', ') | $(($r.Loads | ForEach-Object { $_.Before.Split(' ')[0] }) -join ', ') |" }
    $body = @"
## SSH: Get-GatewayNode behind real sshd (bench/ssh-bench.ps1)

Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') UTC on $([Environment]::ProcessorCount) cores, $((& ssh -V 2>&1) -replace ',.*$', ''),
PowerShell $($PSVersionTable.PSVersion); $ScaleAppliances appliance addresses from 127.1.0.1, 16 per sshd process, every client
running ``show status`` through the same appliance program ($applianceKind), each sshd serving a fleet lab of
its own 16 addresses. Every client runs once per round, in the same order (A B A B ...), $Rounds rounds after a
warm-up; ratios are medians of per-round ratios. Every cold run, here and in the scale table, starts with no
session open and sshd idle, and runs New-GatewaySession and Get-GatewayNode the same way.

| client ($Appliances appliances) | median (s) | runs (s) | load average (1 min) at each run's start |
|---|---:|---|---|
$(& $row $cold Module 'Get-GatewayNode, cold (New-GatewaySession + Get-GatewayNode, -ThrottleLimit 64)')
$(& $row $cold Pssh 'parallel-ssh -p 64')
$(& $row $warm Module 'Get-GatewayNode, warm (sessions reused)')
$(& $row $warm Floor "floor: the same commands run by the appliance program locally, all at once, no SSH")
$(& $row $warm ControlMaster 'parallel-ssh -p 64 over ControlMaster connections')

| ratio | value | target | |
|---|---:|---:|---|
| cold / parallel-ssh | $(& $f $coldRatio) | at most 0.60 | $(Format-BenchTarget $coldRatio 0.6) |
| warm / floor | $(& $f $warmRatio) | at most 1.10 | $(Format-BenchTarget $warmRatio 1.1) |

CPU of this PowerShell process per appliance in a cold fan-out (median): $(& $cpuMedian $coldCpu) ms. The cold runs
start after $($warmupCpu.Count) cold fan-outs in this process$(if (-not $settled) { ' (its CPU per appliance had not settled)' }), whose CPU per appliance was
$(($warmupCpu | ForEach-Object { & $f $_ '0.0' }) -join ', ') ms and wall $(($warmupSeconds | ForEach-Object { & $f $_ }) -join ', ') s:
the first fan-outs of a process pay for compiling the module's code, and again for optimising its hot paths.

### Scale

Cold here is measured as in the table above (no session open, sshd idle, after a warm-up run), interleaved
with the other size instead of parallel-ssh.

| appliances | cold (s) | cold per appliance (ms) | client CPU per appliance, cold (ms) | warm (s) | warm per appliance (ms) |
|---:|---:|---:|---:|---:|---:|
| $Appliances | $(& $f ($scaleCold | Where-Object Client -eq Small).Median) | $(& $f ((& $perAppliance $scaleCold Small $Appliances) * 1000) '0.0') | $(& $cpuMedian $smallCpu) | $(& $f ($scaleWarm | Where-Object Client -eq Small).Median) | $(& $f ((& $perAppliance $scaleWarm Small $Appliances) * 1000) '0.0') |
| $ScaleAppliances | $(& $f ($scaleCold | Where-Object Client -eq Large).Median) | $(& $f ((& $perAppliance $scaleCold Large $ScaleAppliances) * 1000) '0.0') | $(& $cpuMedian $largeCpu) | $(& $f ($scaleWarm | Where-Object Client -eq Large).Median) | $(& $f ((& $perAppliance $scaleWarm Large $ScaleAppliances) * 1000) '0.0') |

| measure | value | target | |
|---|---:|---:|---|
| cold per appliance, $ScaleAppliances / $Appliances | $(& $f $coldScaleRatio) | at most 1.20 | $(Format-BenchTarget $coldScaleRatio 1.2) |
| warm per appliance, $ScaleAppliances / $Appliances | $(& $f $warmScaleRatio) | at most 1.20 | $(Format-BenchTarget $warmScaleRatio 1.2) |
| managed heap growth per appliance after a full collection, $Appliances to $ScaleAppliances sessions open (KB) | $(& $f $heapGrowthKb '0') | at most 100 | $(Format-BenchTarget $heapGrowthKb 100) |
| private memory (RssAnon) growth per appliance, $Appliances to $ScaleAppliances sessions open (KB) | $(& $f $privateGrowthKb '0') | (reported) | moves with the free memory the GC keeps for reuse |
| managed heap: no session / $Appliances / $ScaleAppliances open (MB) | $(& $f ($baseline.Heap / 1MB) '0.0') / $(& $f ($withSmall.Heap / 1MB) '0.0') / $(& $f ($withLarge.Heap / 1MB) '0.0') | | |
| private memory: no session / $Appliances / $ScaleAppliances open (MB) | $(& $f ($baseline.Private / 1MB) '0') / $(& $f ($withSmall.Private / 1MB) '0') / $(& $f ($withLarge.Private / 1MB) '0') | | |
| working set: no session / $Appliances / $ScaleAppliances open (MB) | $(& $f ($baseline.WorkingSet / 1MB) '0') / $(& $f ($withSmall.WorkingSet / 1MB) '0') / $(& $f ($withLarge.WorkingSet / 1MB) '0') | | |
| peak working set of the PowerShell process (MB) | $(& $f ($peakWorkingSet / 1MB) '0') | | |
| open file descriptors: no session / $Appliances / $ScaleAppliances open | $($baseline.Descriptors) / $($withSmall.Descriptors) / $($withLarge.Descriptors) | | |

### Where a cold connection spends its time

$ProfileConnections connections opened one at a time (medians, ms): handshake slot $(& $f (& $phase Slot) '0.0'), TCP and version
exchange $(& $f (& $phase Tcp) '0.0'), key exchange $(& $f (& $phase Kex) '0.0'), authentication $(& $f (& $phase Auth) '0.0'), in all $(& $f (& $phase Total) '0.0');
then the first Get-GatewayNode (channel, command, reply, parsing) $(& $f (Get-BenchMedian $commandMs) '0.0'). CPU per connection
and first command: client (this PowerShell process) $(& $f $clientCpuMs '0.0') ms, server (sshd and the appliance program)
$(& $f $serverCpuMs '0.0') ms. Parsing one status reply: $(& $f $parseUs '0.0') µs.

Reproduce (Linux, as root): ``dotnet pwsh ./build.ps1 -Task Bench``, or after a build
``dotnet pwsh ./bench/ssh-bench.ps1 -ModulePath ./out/EmailGateway -Root .``
"@
    if ($NoPublish) { Write-Host $body; Write-Host "Load average at the start: $($loadAtStart.Text); now: $((Get-BenchLoad).Text)." }
    else { $null = Publish-BenchSection -Root $Root -Name 'ssh-bench' -Body $body -LoadAtStart $loadAtStart }
}
finally {
    Get-GatewaySession -ErrorAction SilentlyContinue | Remove-GatewaySession -Confirm:$false -ErrorAction SilentlyContinue
    Stop-SshdLab $lab
}
