# Dot-sourced by every spec: imports the built module (build.ps1 sets EMAILGATEWAY_MODULE).
$script:ModuleDir = if ($env:EMAILGATEWAY_MODULE) { $env:EMAILGATEWAY_MODULE } else { Join-Path $PSScriptRoot '../out/EmailGateway' }
if (-not (Test-Path (Join-Path $script:ModuleDir 'EmailGateway.psd1'))) {
    throw "The module is not built at '$script:ModuleDir'. Run: dotnet pwsh ./build.ps1 -Task Build"
}
Import-Module (Join-Path $script:ModuleDir 'EmailGateway.psd1') -Force -ErrorAction Stop

function Get-ParameterInfo([string] $Command, [string] $Parameter) {
    (Get-Command $Command).Parameters[$Parameter]
}

function Get-ErrorIds([scriptblock] $Action) {
    # Runs $Action collecting non-terminating and terminating errors; returns their FullyQualifiedErrorIds.
    $errors = @()
    try { & $Action -ErrorVariable +errors -ErrorAction SilentlyContinue | Out-Null }
    catch { $errors += $_ }
    $errors | ForEach-Object { $_.FullyQualifiedErrorId }
}

function Invoke-ChildScenario([string] $Script) {
    # Runs $Script in a fresh pwsh of this version; returns its JSON output as an object.
    $native = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $output = if (Test-Path $native) { & $native -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 }
    else { & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 }
    $text = ($output | ForEach-Object { "$_" }) -join "`n"
    $json = $text.Substring([Math]::Max(0, $text.IndexOf('{')))
    try { $json | ConvertFrom-Json } catch { throw "The child process did not report a result: $text" }
}

function Wait-HostedMarker([powershell] $PowerShell, [IAsyncResult] $Async, [string] $Path, [int] $TimeoutSeconds = 300) {
    # Waits until a script running in $PowerShell creates the file $Path, ends, or $TimeoutSeconds pass; true if the file is there.
    $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (Test-Path -LiteralPath $Path) -and -not $Async.IsCompleted -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    Test-Path -LiteralPath $Path
}

function Get-HostedRunTold([powershell] $PowerShell, [string] $JournalPath) {
    # What a run hosted in $PowerShell said so far, for failure messages: its state, warnings, errors, and each journal's
    # state lines and last entries ($JournalPath is a journal or a folder of them). The streams are read by index:
    # enumerating a stream of a running pipeline blocks until the pipeline ends.
    $items = { param($stream) for ($i = 0; $i -lt $stream.Count; $i++) { "$($stream[$i])" } }
    $journals = @(if (Test-Path -LiteralPath $JournalPath -PathType Container) { (Get-ChildItem -LiteralPath $JournalPath -File -Filter '*.yaml').FullName } elseif (Test-Path -LiteralPath $JournalPath) { $JournalPath })
    $said = foreach ($journal in $journals) {
        $lines = Get-Content -LiteralPath $journal
        "--- $journal"
        $lines | Where-Object { $_ -match '^(state|lastError|nextAction):' }
        $lines | Select-Object -Last 8
    }
    $info = $PowerShell.InvocationStateInfo
    "state $($info.State) $($info.Reason.Message); warnings: [$((& $items $PowerShell.Streams.Warning) -join ' | ')]; " +
    "errors: [$((& $items $PowerShell.Streams.Error) -join ' | ')]; journals ($($journals.Count)):`n$($said -join "`n")"
}
