#Requires -Version 7.2
<#
.SYNOPSIS
    Handshake CPU per SSH connection on PowerShell 7, by build of SSH.NET and its libraries: the net8.0
    builds that dependencies/core ships, the netstandard2.0 builds of dependencies/desktop, and SSH.NET's
    net10.0 build. Each run is a fresh pwsh that imports one variant of the module and opens and closes
    sessions one after another against a real sshd on loopback (New-GatewaySession connects, verifies
    the host key and authenticates); it reports wall time and the process's CPU time per connection,
    and the CPU sshd spent on them (its reaped children's time). Variants run interleaved, A B C A B C.
    Linux, as root (the sshd lab creates a test user).
.EXAMPLE
    dotnet pwsh ./bench/handshake-bench.ps1 -ModulePath ./out/EmailGateway -Root . -NoPublish
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Root,
    [ValidateRange(5, 500)][int] $Connections = 40,
    [ValidateRange(1, 50)][int] $Rounds = 5,
    # Print the figures without writing docs/benchmarks.md.
    [switch] $NoPublish
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = (Resolve-Path $Root).Path
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module (Join-Path $PSScriptRoot 'BenchSupport.psm1') -Force
Import-Module (Join-Path $Root 'tools/SshdLab/SshdLab.psm1') -Force
$loadAtStart = Get-BenchLoad

$work = Join-Path ([IO.Path]::GetTempPath()) "emailgateway-handshake-bench-$PID"
New-Item -ItemType Directory -Path $work -Force | Out-Null

function New-ModuleVariant([string] $Name, [scriptblock] $Change) {
    # A copy of the built module whose dependencies/core is then changed by $Change (given that folder).
    $copy = Join-Path $work $Name
    Copy-Item $ModulePath -Destination $copy -Recurse
    & $Change (Join-Path $copy 'dependencies/core')
    Join-Path $copy 'EmailGateway.psd1'
}

function Get-PackageLibrary([string] $Package, [string] $Framework, [string] $File) {
    # The file of a package's build for $Framework, at the version the module's build restored.
    $assets = Get-Content (Join-Path $Root 'build/EditionDependencies/obj/project.assets.json') -Raw | ConvertFrom-Json -AsHashtable
    $key = @($assets.libraries.Keys | Where-Object { $_ -like "$Package/*" })[0]
    if (-not $key) { throw "The build restored no $Package package." }
    $folder = @($assets.packageFolders.Keys)[0]
    $path = Join-Path $folder "$($assets.libraries[$key].path)/lib/$Framework/$File"
    if (-not (Test-Path $path)) { throw "$Package ships no $Framework build ($path)." }
    $path
}

$variants = [ordered]@{
    'net8.0 (dependencies/core, as shipped)' = Join-Path $ModulePath 'EmailGateway.psd1'
    'netstandard2.0 (dependencies/desktop)'  = New-ModuleVariant 'netstandard2.0' {
        param($core)
        Remove-Item $core -Recurse -Force
        Copy-Item (Join-Path $ModulePath 'dependencies/desktop') -Destination $core -Recurse
    }
    'net10.0 SSH.NET, net8.0 others'        = New-ModuleVariant 'net10.0' {
        param($core)
        Copy-Item (Get-PackageLibrary 'SSH.NET' 'net10.0' 'Renci.SshNet.dll') -Destination $core -Force
    }
}

# One run: import a variant, open and close $Connections sessions (after 3 unmeasured ones that load
# and compile the code), report per-connection figures as JSON.
$childScript = Join-Path $work 'connect-loop.ps1'
Set-Content -Path $childScript -Value @'
param($Manifest, $Target, $User, $Key, $KnownHosts, $Connections, $SshdPid)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $Manifest
$credential = [pscredential]::new($User, [securestring]::new())
$arguments = @{ ComputerName = $Target; Credential = $credential; KeyFilePath = $Key; KnownHostsPath = $KnownHosts }
function Get-SshdTicks {
    # cutime + cstime (fields 16 and 17 of /proc/PID/stat): the CPU of sshd's reaped per-connection processes
    $stat = Get-Content "/proc/$SshdPid/stat" -Raw
    $fields = $stat.Substring($stat.LastIndexOf(')') + 2) -split ' '
    [long]$fields[13] + [long]$fields[14]
}
1..3 | ForEach-Object { New-GatewaySession @arguments | Remove-GatewaySession -Confirm:$false }
$process = [Diagnostics.Process]::GetCurrentProcess()
$process.Refresh(); $cpuBefore = $process.TotalProcessorTime
$sshdBefore = Get-SshdTicks
$walls = foreach ($i in 1..$Connections) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $session = New-GatewaySession @arguments
    $watch.Stop()
    $session | Remove-GatewaySession -Confirm:$false
    $watch.Elapsed.TotalMilliseconds
}
Start-Sleep -Milliseconds 200   # lets sshd reap the last connection's processes
$process.Refresh()
[pscustomobject]@{
    CpuMs      = ($process.TotalProcessorTime - $cpuBefore).TotalMilliseconds / $Connections
    WallMs     = ($walls | Sort-Object)[[int][Math]::Floor($walls.Count / 2)]
    SshdCpuMs  = (Get-SshdTicks) - $sshdBefore
} | ConvertTo-Json -Compress
'@

$clockTicksPerSecond = [double](& getconf CLK_TCK)
# One sshd per key exchange: the one the module's offer and this OpenSSH agree on by default, SSH.NET's own
# first choice with OpenSSH 9.x (sntrup761, which the module offers after curve25519), and two it implements
# differently by build (curve25519 through BouncyCastle in every build, NIST P-256 through the platform's
# ECDH in the net8.0 and net10.0 builds and through BouncyCastle in netstandard2.0).
$exchanges = [ordered]@{
    'default'                = @()
    'sntrup761x25519-sha512' = @('KexAlgorithms sntrup761x25519-sha512@openssh.com')
    'curve25519-sha256'      = @('KexAlgorithms curve25519-sha256')
    'ecdh-sha2-nistp256' = @('KexAlgorithms ecdh-sha2-nistp256')
}
$labs = [ordered]@{}
try {
    $octet = 201
    foreach ($exchange in $exchanges.Keys) {
        $labs[$exchange] = Start-SshdLab -AppliancePath (Find-ApplianceProgram -Root $Root) -Appliances 1 -FirstOctet ($octet++) -ExtraConfig $exchanges[$exchange]
    }
    $native = Join-Path $PSHOME 'pwsh'
    $pwsh = @(if (Test-Path $native) { $native } else { 'dotnet'; Join-Path $PSHOME 'pwsh.dll' })
    $details = @{}
    $clients = [ordered]@{}
    foreach ($exchange in $exchanges.Keys) {
        foreach ($name in $variants.Keys) {
            $client = "$name | $exchange"
            $details[$client] = [Collections.Generic.List[object]]::new()
            $manifest = $variants[$name]
            $lab = $labs[$exchange]
            $clients[$client] = {
                $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $childScript -Manifest $manifest `
                    -Target "$($lab.Addresses[0]):$($lab.Port)" -User $lab.UserName -Key $lab.ClientKeyPath -KnownHosts $lab.KnownHostsPath `
                    -Connections $Connections -SshdPid $lab.Processes[0].Id 2>&1
                if ($LASTEXITCODE) { throw "The connection loop failed: $($output -join "`n")" }
                $run = ($output | Select-Object -Last 1) | ConvertFrom-Json
                $run.SshdCpuMs = $run.SshdCpuMs * 1000 / $clockTicksPerSecond / $Connections
                $details[$client].Add($run)
                [double]$run.CpuMs
            }.GetNewClosure()
        }
    }
    $results = @(Invoke-BenchInterleaved -Clients $clients -Rounds $Rounds -Verbose:$VerbosePreference)
}
finally {
    foreach ($lab in $labs.Values) { Stop-SshdLab $lab }
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

$rows = foreach ($result in $results) {
    $build, $exchange = $result.Client -split ' \| '
    $shipped = $results | Where-Object Client -eq "$(@($variants.Keys)[0]) | $exchange"
    $runs = $details[$result.Client]
    $ratio = if ($result -eq $shipped) { '1.00' } else { Format-BenchNumber (Get-BenchRatio $result $shipped) }
    '| {0} | {1} | {2} | {3} | {4} | {5} | {6} |' -f $exchange, $build, (Format-BenchNumber $result.Median '0.0'), $ratio,
        (Format-BenchNumber (Get-BenchMedian @($runs.WallMs)) '0.0'), (Format-BenchNumber (Get-BenchMedian @($runs.SshdCpuMs)) '0.0'),
        (($result.Runs | ForEach-Object { Format-BenchNumber $_ '0.0' }) -join ', ')
}
$body = @"
## SSH handshake CPU per connection, by build of the dependencies (bench/handshake-bench.ps1)

Measured $(Get-Date -Format 'yyyy-MM-dd HH:mm') with PowerShell $($PSVersionTable.PSVersion) on .NET $([Environment]::Version), $(& ssh -V 2>&1)
on loopback. Each run: a fresh pwsh imports the variant, opens and closes $Connections sessions one after another
(New-GatewaySession: key exchange, host key check, public-key authentication; after 3 unmeasured ones).
$Rounds rounds, variants interleaved. CPU is the pwsh process's user and system time per connection
(its median over the rounds; the ratio is the median of per-round ratios to the shipped build); sshd's is the
CPU of its per-connection processes. "default" is what the module's offer (cheapest secure key exchange
first, docs/ssh.md) and this sshd settle on; the other rows restrict sshd to one exchange. sntrup761x25519 is
SSH.NET's own first choice, computed by BouncyCastle in every build.

| key exchange (sshd) | build | client CPU per connection (ms) | ratio to shipped | wall per connection (ms) | sshd CPU per connection (ms) | runs, client CPU (ms) |
|---|---|---:|---:|---:|---:|---|
$($rows -join "`n")

Reproduce (Linux, as root): ``dotnet pwsh ./bench/handshake-bench.ps1 -ModulePath ./out/EmailGateway -Root .``
"@

if ($NoPublish) { Write-Host $body; Write-Host "Load average at the start: $($loadAtStart.Text); now: $((Get-BenchLoad).Text)." }
else { $null = Publish-BenchSection -Root $Root -Name 'handshake-bench' -Body $body -LoadAtStart $loadAtStart }
