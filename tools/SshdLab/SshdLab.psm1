# Real OpenSSH sshd processes serving lab appliances through the appliance program (its ForceCommand),
# for the Pester specs and the SSH benchmark. Linux, as root: it starts sshd and logs in as a throwaway user
# (set up by test-user.sh); specs skip their lab tests with Get-SshdLabSkipReason's reason elsewhere.
# The same set-up as the xUnit fixture (tests/EmailGateway.Integration.Tests/Infrastructure/SshdCluster.cs).

Set-StrictMode -Version Latest
$script:UserName = 'eglabuser'

function Invoke-Tool {
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @(), [string] $InputText)
    $output = if ($PSBoundParameters.ContainsKey('InputText')) { $InputText | & $FilePath @ArgumentList 2>&1 } else { & $FilePath @ArgumentList 2>&1 }
    if ($LASTEXITCODE) { throw "$FilePath $($ArgumentList -join ' ') failed ($LASTEXITCODE): $($output -join "`n")" }
    $output
}

function Find-ApplianceProgram {
    # The native (AOT) publish if present, else the build output.
    param([Parameter(Mandatory)][string] $Root)
    $candidates = @(
        (Join-Path $Root 'out/appliance/EmailGateway.Appliance'),
        (Join-Path $Root 'src/EmailGateway.Appliance/bin/Release/net10.0/EmailGateway.Appliance'),
        (Join-Path $Root 'src/EmailGateway.Appliance/bin/Debug/net10.0/EmailGateway.Appliance'))
    $found = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $found) { throw "The appliance program is not built (looked for: $($candidates -join ', ')). Run: dotnet pwsh ./build.ps1 -Task Build" }
    $found
}

function Get-SshdLabSkipReason {
    <#
    .SYNOPSIS
        Why the sshd lab cannot run here (a spec skips its tests with it), or nothing when it can.
    #>
    if (-not $IsLinux) { return 'needs Linux: it starts OpenSSH sshd and logs in as a test user' }
    if ((id -u) -ne '0') { return "needs root: it starts sshd and logs in as the test user $($script:UserName) (running as $(id -un))" }
}

function Invoke-TestUserScript {
    # tools/SshdLab/test-user.sh, shared with the xUnit fixtures; fails with the one line it gives.
    param([Parameter(Mandatory)][string[]] $ArgumentList)
    if ($reason = Get-SshdLabSkipReason) { throw "The sshd lab $reason." }
    $output = & /bin/sh (Join-Path $PSScriptRoot 'test-user.sh') @ArgumentList 2>&1
    $lines = @($output | ForEach-Object { "$_" })
    if ($LASTEXITCODE) { throw ($lines | Where-Object { $_ } | Select-Object -Last 1) }
    ($lines -join "`n").Trim()
}

function Test-TcpListening([string] $Address, [int] $Port) {
    $client = [Net.Sockets.TcpClient]::new()
    try { $client.Connect([Net.IPAddress]::Parse($Address), $Port); $true } catch { $false } finally { $client.Dispose() }
}

function Get-FreePort([string[]] $Addresses) {
    for ($attempt = 0; $attempt -lt 50; $attempt++) {
        $port = Get-Random -Minimum 20000 -Maximum 40000
        $free = $true
        foreach ($address in $Addresses) {
            $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Parse($address), $port)
            try { $listener.Start(); $listener.Stop() } catch { $free = $false; break }
        }
        if ($free) { return $port }
    }
    throw 'No free port for the lab sshd.'
}

function Start-SshdLab {
    <#
    .SYNOPSIS
        Starts sshd on 127.0.1.<FirstOctet>... (16 addresses per process) serving a lab through the appliance program.
    .OUTPUTS
        An object with the addresses, port, keys, fingerprint, user and password; pass it to Stop-SshdLab.
    #>
    param(
        [Parameter(Mandatory)][string] $AppliancePath,
        [int] $Appliances = 4,
        [int] $FirstOctet = 1,
        # The first address, instead of 127.0.1.<FirstOctet>; later ones carry into the next octet.
        [string] $FirstAddress,
        [string[]] $LabArguments = @('--preset', 'KB80406'),
        # Each sshd process serves a fleet lab of its own 16 addresses (meg1-16, meg17-32, ...) instead of one
        # lab for all: an appliance then loads a state the size of its own group, whatever the fleet's size.
        [switch] $FleetPerProcess,
        [switch] $TestCommands,
        # More sshd_config lines, e.g. 'KexAlgorithms curve25519-sha256' to measure one key exchange.
        [string[]] $ExtraConfig = @()
    )
    if (-not (Test-Path /usr/sbin/sshd)) { throw '/usr/sbin/sshd is missing: apt-get install -y openssh-server' }
    New-Item -ItemType Directory -Force -Path /run/sshd | Out-Null # sshd's privilege-separation directory
    $password = Invoke-TestUserScript ensure
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('eg-sshdlab-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    New-Item -ItemType Directory -Path $dir | Out-Null
    Invoke-Tool chmod @('755', $dir) | Out-Null
    # sshd runs the appliance as the test user, who may not be able to enter the checkout (a clone under /root).
    $runnable = Invoke-TestUserScript stage, $AppliancePath, (Join-Path $dir 'appliance')
    if (-not $FirstAddress) { $FirstAddress = "127.0.1.$FirstOctet" }
    $first = [uint32]0
    foreach ($octet in $FirstAddress.Split('.')) { $first = $first * 256 + [uint32]$octet }
    $addresses = @(0..($Appliances - 1) | ForEach-Object {
        $value = $first + [uint32]$_
        '{0}.{1}.{2}.{3}' -f ($value -shr 24), (($value -shr 16) -band 255), (($value -shr 8) -band 255), ($value -band 255)
    })
    $chunks = @([Linq.Enumerable]::Chunk([string[]]$addresses, 16))
    $states = @(if ($FleetPerProcess) { 0..($chunks.Count - 1) | ForEach-Object { Join-Path $dir "lab.$_.yaml" } } else { Join-Path $dir 'lab.yaml' })
    for ($index = 0; $index -lt $states.Count; $index++) {
        $arguments = if ($FleetPerProcess) { @('--fleet', "$($chunks[$index].Count)", '--fleet-start', "$(16 * $index + 1)") } else { $LabArguments }
        Invoke-Tool $AppliancePath (@('init', '--state', $states[$index], '--first-address', $chunks[$index][0]) + $arguments) | Out-Null
    }
    $stateByAddress = [ordered]@{}
    for ($index = 0; $index -lt $chunks.Count; $index++) {
        foreach ($address in $chunks[$index]) { $stateByAddress[$address] = $states[[Math]::Min($index, $states.Count - 1)] }
    }

    $hostKey = Join-Path $dir 'ssh_host_ed25519_key'
    $clientKey = Join-Path $dir 'client_ed25519'
    Invoke-Tool ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'appliance', '-f', $hostKey) | Out-Null
    Invoke-Tool ssh-keygen @('-q', '-t', 'ed25519', '-N', '', '-C', 'admin', '-f', $clientKey) | Out-Null
    Copy-Item "$clientKey.pub" (Join-Path $dir 'authorized_keys')
    Invoke-Tool chown @('-R', "$($script:UserName):", $dir) | Out-Null
    # The client key stays readable by the benchmark's ssh client (root) only.
    Invoke-Tool chown @('root:', $clientKey) | Out-Null
    Invoke-Tool chmod @('600', $clientKey) | Out-Null

    $port = Get-FreePort $addresses
    $processes = @()
    $log = Join-Path $dir 'sshd.log'
    $index = 0
    foreach ($chunk in $chunks) {
        $config = Join-Path $dir "sshd_config.$index"
        $lines = @($chunk | ForEach-Object { "ListenAddress ${_}:$port" })
        $lines += @(
            "HostKey $hostKey", "PidFile $(Join-Path $dir "sshd.$index.pid")", 'UsePAM no', 'PasswordAuthentication yes',
            'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', "AuthorizedKeysFile $(Join-Path $dir 'authorized_keys')",
            'StrictModes no', 'PermitRootLogin no', "AllowUsers $($script:UserName)", 'MaxStartups 256:30:512', 'MaxSessions 64',
            'X11Forwarding no', 'AllowTcpForwarding no', 'PrintMotd no', 'PrintLastLog no', 'UseDNS no', 'LogLevel ERROR',
            'Subsystem sftp internal-sftp')
        if ($TestCommands) { $lines += 'SetEnv EMAILGATEWAY_APPLIANCE_TEST_COMMANDS=1' }
        $lines += $ExtraConfig
        $lines += "ForceCommand $runnable --state $($stateByAddress[$chunk[0]])"
        Set-Content -Path $config -Value $lines
        Invoke-Tool /usr/sbin/sshd @('-t', '-f', $config) | Out-Null
        $processes += Start-Process -FilePath /usr/sbin/sshd -ArgumentList @('-D', '-f', $config, '-E', $log) -PassThru
        $index++
    }
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    foreach ($address in $addresses) {
        while (-not (Test-TcpListening $address $port)) {
            if ([DateTime]::UtcNow -gt $deadline) { $processes | Stop-Process -Force -ErrorAction SilentlyContinue; throw "sshd did not listen on ${address}:$port. $(Get-Content $log -Raw -ErrorAction SilentlyContinue)" }
            Start-Sleep -Milliseconds 20
        }
    }
    $publicKey = ((Get-Content "$hostKey.pub" -Raw).Trim() -split ' ')[0..1] -join ' '
    $knownHosts = Join-Path $dir 'known_hosts'
    Set-Content -Path $knownHosts -Value @($addresses | ForEach-Object { "[$_]:$port $publicKey" })
    $fingerprint = ((Invoke-Tool ssh-keygen @('-l', '-E', 'sha256', '-f', "$hostKey.pub")) -split ' ')[1]
    [pscustomobject]@{
        Directory          = $dir
        StatePath          = $states[0]
        # Which state file serves each address (one for all, unless -FleetPerProcess).
        StateByAddress     = $stateByAddress
        Addresses          = $addresses
        Port               = $port
        UserName           = $script:UserName
        Password           = $password
        ClientKeyPath      = $clientKey
        KnownHostsPath     = $knownHosts
        HostKeyFingerprint = $fingerprint
        Processes          = $processes
        Stopped            = [Collections.Generic.List[int]]::new()
    }
}

function Get-ProcessTree([int[]] $Root) {
    # The processes and all their descendants, from /proc (pid (comm) state ppid ...).
    $parents = @{}
    foreach ($stat in Get-ChildItem /proc -Directory | Where-Object Name -match '^\d+$') {
        try {
            $text = [IO.File]::ReadAllText("$($stat.FullName)/stat")
            $parents[[int]$stat.Name] = [int]($text.Substring($text.LastIndexOf(')') + 2).Split(' ')[1])
        }
        catch { } # it ended meanwhile
    }
    $found = [Collections.Generic.List[int]]::new([int[]]$Root)
    for ($i = 0; $i -lt $found.Count; $i++) {
        foreach ($entry in $parents.GetEnumerator()) { if ($entry.Value -eq $found[$i]) { $found.Add($entry.Key) } }
    }
    $found.ToArray()
}

function Suspend-SshdLab {
    <#
    .SYNOPSIS
        Freezes the lab as a hung appliance would be: SIGSTOP, by PID, to each sshd and its per-connection
        processes. Returns the PIDs stopped; give them to Resume-SshdLab (Stop-SshdLab resumes them too).
    #>
    param([Parameter(Mandatory)] $Lab)
    $stopped = foreach ($id in Get-ProcessTree @($Lab.Processes.Id)) {
        & /bin/kill -STOP $id 2>$null
        if ($LASTEXITCODE -eq 0) { $id }
    }
    $Lab.Stopped.AddRange([int[]]@($stopped))
    , [int[]]@($stopped)
}

function Resume-SshdLab {
    param([Parameter(Mandatory)] $Lab, [int[]] $ProcessId = $Lab.Stopped.ToArray())
    foreach ($id in $ProcessId) {
        & /bin/kill -CONT $id 2>$null
        [void]$Lab.Stopped.Remove($id)
    }
}

function Wait-SshdLabIdle {
    <#
    .SYNOPSIS
        Waits until no sshd serves a connection any more (the listeners have no child process left), so a
        measurement does not start while the previous one's sessions still end. Returns how many remained.
    #>
    param([Parameter(Mandatory)] $Lab, [int] $TimeoutSeconds = 15)
    $listeners = @($Lab.Processes.Id)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $remaining = @(Get-ProcessTree $listeners).Count - $listeners.Count
        if ($remaining -le 0 -or [DateTime]::UtcNow -gt $deadline) { return $remaining }
        Start-Sleep -Milliseconds 50
    }
}

function Stop-SshdLab {
    param([Parameter(Mandatory, ValueFromPipeline)] $Lab)
    process {
        Resume-SshdLab $Lab
        foreach ($process in $Lab.Processes) {
            if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue; $process.WaitForExit(5000) | Out-Null }
        }
        Remove-Item -Recurse -Force $Lab.Directory -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Get-SshdLabSkipReason, Start-SshdLab, Stop-SshdLab, Suspend-SshdLab, Resume-SshdLab, Wait-SshdLabIdle, Find-ApplianceProgram
