# Renders the README's sample of Export-GatewayUpgradeReport: the KB80406 lab upgraded by recipe B with a
# rehearsal, exported as HTML and photographed by headless Chromium at 1280 px into docs/images.
# Run after `dotnet pwsh ./build.ps1 -Task Build`; needs chromium (apt-get install chromium).
param([string] $Module = (Join-Path $PSScriptRoot '../../out/EmailGateway'), [string] $OutFile = (Join-Path $PSScriptRoot '../../docs/images/kb80406-rehearsal-report.png'))
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $Module 'EmailGateway.psd1')
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("eg-report-sample-" + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    New-GatewayLab -Preset KB80406 -Name Sample | Out-Null
    $package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $work 'meg-7.6.4-P4.pkg')
    $run = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $package.Path -Strategy FailoverPromotion -RepairInterim -Rehearse -Confirm:$false
    $page = Join-Path $work 'kb80406-rehearsal.html'
    $run | Export-GatewayUpgradeReport -Path $page -Title 'KB80406 lab: cluster 12 to 7.6.4 P4 by recipe B, rehearsed'
    $process = Start-Process -FilePath chromium -PassThru -NoNewWindow -RedirectStandardError (Join-Path $work 'chromium.err') -ArgumentList @(
        '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars', "--user-data-dir=$(Join-Path $work 'profile')",
        '--window-size=1280,2300', "--screenshot=$([System.IO.Path]::GetFullPath($OutFile))", [System.Uri]::new($page).AbsoluteUri)
    if (-not $process.WaitForExit(120000)) { Stop-Process -Id $process.Id -Force; throw 'chromium did not finish within 120 s' }
    Get-Item $OutFile
}
finally {
    Remove-GatewayLab -Name Sample -Confirm:$false -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
