# Dependency isolation: a session that already loaded another YamlDotNet still runs the module.
# Each case runs in a child PowerShell, since a loaded assembly cannot be unloaded from this one.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    $script:OtherYamlVersion = '16.3.0'
    $packages = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
    $script:OtherYaml = Join-Path $packages "yamldotnet/$script:OtherYamlVersion/lib/netstandard2.0/YamlDotNet.dll"
    if (-not (Test-Path $script:OtherYaml)) {
        & dotnet restore (Join-Path $PSScriptRoot '../tools/YamlDotNetConflict/YamlDotNetConflict.csproj') --nologo -v q | Out-Host
    }

    $script:Scenario = @'
$ErrorActionPreference = 'Stop'
$result = [ordered]@{}
try {
    Add-Type -Path '{OTHER}'
    $result.PreloadedYaml = [YamlDotNet.Serialization.Deserializer].Assembly.GetName().Version.ToString()
    Import-Module '{MODULE}'
    New-GatewayLab -Preset KB80406 | Out-Null
    $nodes = Get-GatewayNode
    $check = Test-GatewayClusterConsistency
    $result.Nodes = @($nodes).Count
    $result.FailoverBuild = "$(($nodes | Where-Object Mode -eq Failover).Build)"
    $result.Rules = @($check.Findings.RuleId)
    $result.InDesiredState = $check.InDesiredState
    $result.YamlVersions = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'YamlDotNet' } | ForEach-Object { $_.GetName().Version.ToString() } | Sort-Object)
    if ($PSVersionTable.PSEdition -eq 'Core') {
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'EmailGateway.Core' }
        $result.CoreContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).GetType().Name
        $private = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'YamlDotNet' -and $_.GetName().Version.Major -eq 18 }
        $result.PrivateYamlPath = $private.Location
    }
    $result.Error = $null
}
catch { $result.Error = "$_" }
$result | ConvertTo-Json -Compress
'@
}

Describe 'Dependency isolation' {
    It 'runs the KB80406 scenario after another YamlDotNet version was loaded' {
        $script:OtherYaml | Should -Exist
        $script = $script:Scenario.Replace('{OTHER}', $script:OtherYaml).Replace('{MODULE}', (Join-Path $script:ModuleDir 'EmailGateway.psd1'))
        $result = Invoke-ChildScenario $script
        $result.Error | Should -BeNullOrEmpty
        $result.PreloadedYaml | Should -BeLike '16.*'
        $result.Nodes | Should -Be 4
        $result.FailoverBuild | Should -Be '7.6.4 P4'
        $result.Rules | Should -Contain 'MixedBuild'
        $result.InDesiredState | Should -BeFalse
        # Both versions are loaded side by side: the session's own and the module's private copy.
        $result.YamlVersions.Count | Should -Be 2
        $result.YamlVersions[0] | Should -BeLike '16.*'
        $result.YamlVersions[1] | Should -BeLike '18.*'
        $result.CoreContext | Should -Be 'PrivateLoadContext'
        # PowerShell 7 takes the net8.0 builds from the folder for its edition.
        $result.PrivateYamlPath | Should -Be (Join-Path $script:ModuleDir 'dependencies/core/YamlDotNet.dll')
    }

    It 'leaves the session''s own YamlDotNet to the session' {
        $script = @'
$ErrorActionPreference = 'Stop'
Add-Type -Path '{OTHER}'
Import-Module '{MODULE}'
New-GatewayLab -Preset Healthy | Out-Null
$yaml = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize[object]("a: 1")
@{ Version = [YamlDotNet.Serialization.Deserializer].Assembly.GetName().Version.ToString(); Value = $yaml['a'] } | ConvertTo-Json -Compress
'@.Replace('{OTHER}', $script:OtherYaml).Replace('{MODULE}', (Join-Path $script:ModuleDir 'EmailGateway.psd1'))
        $result = Invoke-ChildScenario $script
        $result.Version | Should -BeLike '16.*'
        $result.Value | Should -Be '1'
    }

    It 'ships no third-party assembly beside the manifest' {
        $beside = Get-ChildItem $script:ModuleDir -Filter '*.dll' | Where-Object Name -notlike 'EmailGateway*.dll'
        $beside | Should -BeNullOrEmpty
        foreach ($edition in 'core', 'desktop') { Join-Path $script:ModuleDir "dependencies/$edition/YamlDotNet.dll" | Should -Exist }
    }
}

Describe 'Loading on demand' {
    It 'loads no third-party library at import, and the lab story needs only YamlDotNet' {
        $script = @'
$ErrorActionPreference = 'Stop'
$names = { @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name }) }
$before = & $names
Import-Module '{MODULE}'
$atImport = @(& $names | Where-Object { $_ -notin $before })
New-GatewayLab -Preset KB80406 | Out-Null
$null = Get-GatewayNode
$null = Test-GatewayClusterConsistency
$afterStory = @(& $names | Where-Object { $_ -notin $before })
@{ AtImport = $atImport; AfterStory = $afterStory } | ConvertTo-Json -Compress
'@.Replace('{MODULE}', (Join-Path $script:ModuleDir 'EmailGateway.psd1'))
        $result = Invoke-ChildScenario $script
        $libraries = 'Renci.SshNet', 'YamlDotNet', 'MailKit', 'MimeKit', 'DnsClient', 'BouncyCastle.Cryptography', 'Microsoft.Extensions.Logging.Abstractions'
        $result.AtImport | Should -Contain 'EmailGateway'
        $result.AtImport | Where-Object { $_ -in $libraries } | Should -BeNullOrEmpty
        $result.AfterStory | Should -Contain 'YamlDotNet'
        $result.AfterStory | Where-Object { $_ -in $libraries -and $_ -ne 'YamlDotNet' } | Should -BeNullOrEmpty
    }
}
