# Installing as an admin does: PSResourceGet publishes the built module to a local file repository,
# installs it for the current user, PowerShell imports it by name, the KB80406 lab story runs, a higher
# build arrives through Update-PSResource, and Uninstall-PSResource removes every version.
# Every step runs in a fresh process whose home folder (PSResourceGet's repository list and the
# CurrentUser install location) and PSModulePath point into a temporary folder, so nothing of the
# machine's own setup is read or changed.
BeforeDiscovery {
    # Where PSResourceGet installs for the current user follows the home folder on Linux and macOS only.
    $script:SkipReason = if ($IsWindows) { 'on Windows the CurrentUser scope is the Documents folder, which this spec does not redirect' }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Manifest = Import-PowerShellDataFile (Join-Path $script:ModuleDir 'EmailGateway.psd1')

    # Invoke-SandboxedPwsh: the build's own way to run PowerShellGet commands away from the user's setup.
    . (Join-Path $PSScriptRoot '../build/Build.Helpers.ps1')
    function Invoke-IsolatedPwsh([string] $Script, [string] $Sandbox) {
        # The sandboxed run's last output line, parsed from JSON.
        $lines = @(Invoke-SandboxedPwsh -Script $Script -Sandbox $Sandbox)
        try { $lines[-1] | ConvertFrom-Json } catch { throw "The sandboxed PowerShell reported no result: $($lines -join "`n")" }
    }

    # Runs in a fresh process after each install: import by name, then the KB80406 story on the lab.
    $script:Story = @'
$ErrorActionPreference = 'Stop'
Import-Module EmailGateway
$module = Get-Module EmailGateway
New-GatewayLab -Preset KB80406 | Out-Null
$nodes = @(Get-GatewayNode)
$before = Test-GatewayClusterConsistency
$offline = Get-GatewayNode -Mode Failover | Set-GatewayNodeState -State Offline -PassThru -Confirm:$false -WarningAction SilentlyContinue
[ordered]@{
    Version       = "$($module.Version)"
    ModuleBase    = $module.ModuleBase
    Nodes         = $nodes.Count
    FailoverBuild = "$(($nodes | Where-Object Mode -eq Failover).Build)"
    Rules         = @($before.Findings.RuleId)
    Offline       = "$($offline.ComputerName) $($offline.NetworkState)"
    Synopsis      = (Get-Help Test-GatewayClusterConsistency).Synopsis
} | ConvertTo-Json -Compress
'@
}

Describe 'Installing the module with PSResourceGet' -Skip:([bool]$script:SkipReason) {
    BeforeAll {
        $script:Sandbox = Join-Path ([IO.Path]::GetTempPath()) ('eg-install-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
        $script:Repository = Join-Path $script:Sandbox 'repository'
        New-Item -ItemType Directory -Path $script:Repository -Force | Out-Null
        $script:Version = [version]$script:Manifest.ModuleVersion
        $script:NextVersion = [version]::new($script:Version.Major, $script:Version.Minor, $script:Version.Build + 1)
        # The higher build: the same module under the next version number.
        $next = Join-Path $script:Sandbox 'next/EmailGateway'
        Copy-Item $script:ModuleDir -Destination $next -Recurse
        $nextManifest = Join-Path $next 'EmailGateway.psd1'
        (Get-Content $nextManifest -Raw) -replace "ModuleVersion\s*=\s*'[^']+'", "ModuleVersion        = '$script:NextVersion'" |
            Set-Content $nextManifest -NoNewline
        $script:NextDir = $next
        $script:Prelude = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module Microsoft.PowerShell.PSResourceGet
`$repository = 'EmailGatewayLocal'
`$story = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('$([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($script:Story)))'))
function Invoke-Story {
    `$encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes(`$story))
    `$native = Join-Path `$PSHOME 'pwsh'
    `$output = if (Test-Path `$native) { & `$native -NoProfile -NonInteractive -EncodedCommand `$encoded 2>&1 }
    else { & dotnet (Join-Path `$PSHOME 'pwsh.dll') -NoProfile -NonInteractive -EncodedCommand `$encoded 2>&1 }
    if (`$LASTEXITCODE) { throw "The story failed: `$(`$output -join "``n")" }
    (`$output | Select-Object -Last 1) | ConvertFrom-Json
}
"@
    }

    AfterAll {
        if ($script:Sandbox) { Remove-Item $script:Sandbox -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'publishes, installs, imports by name and runs the KB80406 story' {
        $script:First = Invoke-IsolatedPwsh -Sandbox $script:Sandbox -Script ($script:Prelude + @"
Get-PSResourceRepository | Unregister-PSResourceRepository
Register-PSResourceRepository -Name `$repository -Uri '$script:Repository' -Trusted
Publish-PSResource -Path '$script:ModuleDir' -Repository `$repository
`$found = Find-PSResource -Name EmailGateway -Repository `$repository
Install-PSResource -Name EmailGateway -Repository `$repository -Scope CurrentUser
`$installed = Get-InstalledPSResource -Name EmailGateway
[ordered]@{
    Packages     = @(Get-ChildItem '$script:Repository' -Filter *.nupkg | ForEach-Object Name)
    Found        = "`$(`$found.Version)"
    Installed    = @(`$installed | ForEach-Object { "`$(`$_.Version)" })
    Location     = @(`$installed)[0].InstalledLocation
    ModulePath   = `$env:PSModulePath
    Story        = Invoke-Story
} | ConvertTo-Json -Compress -Depth 4
"@)
        $userModules = Join-Path $script:Sandbox '.local/share/powershell/Modules'
        $script:First.Packages | Should -Be "EmailGateway.$($script:Version).nupkg"
        $script:First.Found | Should -Be "$script:Version"
        $script:First.Installed | Should -Be "$script:Version"
        $script:First.Location | Should -BeLike "$userModules*"
        $story = $script:First.Story
        $story.Version | Should -Be "$script:Version"
        $story.ModuleBase | Should -BeLike "$userModules*EmailGateway*$script:Version"
        $story.Nodes | Should -Be 4
        $story.FailoverBuild | Should -Be '7.6.4 P4'
        $story.Rules | Should -Contain 'MixedBuild'
        $story.Offline | Should -Be 'meg2 Offline'
        $story.Synopsis | Should -Not -BeNullOrEmpty
    }

    It 'updates to a higher build with Update-PSResource and imports that one by name' {
        $script:First | Should -Not -BeNullOrEmpty -Because 'the install step must have run'
        $result = Invoke-IsolatedPwsh -Sandbox $script:Sandbox -Script ($script:Prelude + @"
Publish-PSResource -Path '$script:NextDir' -Repository `$repository
Update-PSResource -Name EmailGateway -Repository `$repository -Scope CurrentUser
[ordered]@{
    Installed = @(Get-InstalledPSResource -Name EmailGateway | ForEach-Object { "`$(`$_.Version)" } | Sort-Object)
    Story     = Invoke-Story
} | ConvertTo-Json -Compress -Depth 4
"@)
        $result.Installed | Should -Be @("$script:Version", "$script:NextVersion")
        $result.Story.Version | Should -Be "$script:NextVersion"
        $result.Story.Rules | Should -Contain 'MixedBuild'
    }

    It 'uninstalls every version with Uninstall-PSResource' {
        $result = Invoke-IsolatedPwsh -Sandbox $script:Sandbox -Script ($script:Prelude + @'
Get-InstalledPSResource -Name EmailGateway | Uninstall-PSResource -Scope CurrentUser
[ordered]@{
    Installed = @(Get-InstalledPSResource -Name EmailGateway -ErrorAction SilentlyContinue).Count
    Available = @(Get-Module -ListAvailable -Name EmailGateway).Count
} | ConvertTo-Json -Compress
'@)
        $result.Installed | Should -Be 0
        $result.Available | Should -Be 0
        @(Get-ChildItem (Join-Path $script:Sandbox '.local/share/powershell/Modules') -Filter 'EmailGateway*' -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
    }
}
