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
