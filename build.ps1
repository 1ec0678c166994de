#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks the EmailGateway module.
.DESCRIPTION
    Build  compiles the solution and lays the loadable module out in ./out/EmailGateway.
    Test   builds, installs missing Debian packages the integration tests need (as root), runs every
           xUnit project under tests/ and every Pester spec under pester/, and ends with one line:
           "N passed, N failed, N skipped", after the skipped tests counted by reason (as another user
           than root, the tests that need root are skipped). Exits non-zero on any failure.
    Demo   builds and runs the main job on the embedded lab (demo/Demo.ps1).
    Bench  builds and runs the benchmarks under bench/ (results in docs/benchmarks.md).
    Package builds and publishes the module with PSResourceGet to a local file repository, ./out/packages:
           EmailGateway.<version>.nupkg, the version from the manifest, the release notes from CHANGELOG.md.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # xUnit filter for quicker local runs, e.g. 'FullyQualifiedName~Lab'.
    [string] $TestFilter,

    # Skip the Pester specs or the xUnit projects.
    [switch] $SkipPester,
    [switch] $SkipXunit
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out 'EmailGateway'
. (Join-Path $root 'build/Build.Helpers.ps1')
# Upgrade runs on real appliances lock their cluster machine-wide; tests and benchmarks keep their locks in
# this tree, so that parallel test runs on one machine do not hold up each other's clusters.
if ($Task -in 'Test', 'Bench') { $env:EMAILGATEWAY_RUN_LOCK_DIRECTORY = Join-Path $out 'run-locks' }

switch ($Task) {
    'Build' { Invoke-ModuleBuild -Root $root -ModuleDir $moduleDir -Configuration $Configuration | Out-Null }
    'Test' {
        Invoke-ModuleBuild -Root $root -ModuleDir $moduleDir -Configuration $Configuration | Out-Null
        Install-TestPrerequisites
        $results = @()
        if (-not $SkipXunit) {
            $results += Invoke-XunitProjects -Root $root -Configuration $Configuration -Filter $TestFilter -ResultsDir (Join-Path $out 'test-results')
        }
        if (-not $SkipPester) {
            $results += Invoke-PesterSpecs -Root $root -ModuleDir $moduleDir -ResultsDir (Join-Path $out 'test-results')
        }
        Write-TestSummary -Results $results
        if (($results | Measure-Object Failed -Sum).Sum -gt 0 -or ($results | Measure-Object Passed -Sum).Sum -eq 0) { exit 1 }
    }
    'Demo' {
        Invoke-ModuleBuild -Root $root -ModuleDir $moduleDir -Configuration $Configuration | Out-Null
        Invoke-Pwsh -NoProfile -File (Join-Path $root 'demo/Demo.ps1') -ModulePath $moduleDir
        exit $LASTEXITCODE
    }
    'Package' {
        Invoke-ModuleBuild -Root $root -ModuleDir $moduleDir -Configuration $Configuration | Out-Null
        $package = Publish-ModulePackage -ModuleDir $moduleDir -RepositoryPath (Join-Path $out 'packages')
        "Package: $($package.FullName)"
    }
    'Bench' {
        Invoke-ModuleBuild -Root $root -ModuleDir $moduleDir -Configuration $Configuration | Out-Null
        Install-TestPrerequisites
        foreach ($script in Get-ChildItem (Join-Path $root 'bench') -Filter '*.ps1' | Sort-Object Name) {
            Write-Host "== $($script.Name)" -ForegroundColor Cyan
            Invoke-Pwsh -NoProfile -File $script.FullName -ModulePath $moduleDir -Root $root
            if ($LASTEXITCODE) { exit $LASTEXITCODE }
        }
    }
}
