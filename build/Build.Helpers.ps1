# Functions behind build.ps1's tasks. Dot-sourced; nothing here runs on load.

function Invoke-Native {
    # Runs a native command and stops the build when it fails.
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-Pwsh {
    # Runs a child PowerShell of the same version: pwsh itself, or the dotnet tool's pwsh.dll.
    param([Parameter(ValueFromRemainingArguments)][string[]] $ArgumentList)
    $native = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (Test-Path $native) { & $native @ArgumentList | Out-Host }
    else { & dotnet (Join-Path $PSHOME 'pwsh.dll') @ArgumentList | Out-Host }
}

function Invoke-ModuleBuild {
    param([string] $Root, [string] $ModuleDir, [string] $Configuration)
    Write-Host "Building ($Configuration)..." -ForegroundColor Cyan
    Invoke-Native dotnet @('build', (Join-Path $Root 'EmailGateway.sln'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly')
    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null

    # The module's own assemblies (netstandard2.0, one build for both editions) sit beside the manifest.
    $bin = Join-Path $Root "src/EmailGateway/bin/$Configuration/netstandard2.0"
    Get-ChildItem $bin -Filter 'EmailGateway*.dll' | Copy-Item -Destination $ModuleDir
    Copy-EditionDependencies -Root $Root -ModuleDir $ModuleDir -Configuration $Configuration
    Copy-Item (Join-Path $Root 'EmailGateway.psd1') $ModuleDir
    Get-ChildItem (Join-Path $Root 'src/EmailGateway') -Filter '*.ps1xml' | Copy-Item -Destination $ModuleDir
    $help = Join-Path $ModuleDir 'en-US'
    New-Item -ItemType Directory -Path $help | Out-Null
    Get-ChildItem (Join-Path $Root 'en-US') -File -ErrorAction SilentlyContinue | Copy-Item -Destination $help
    $mamlBuilder = Join-Path $Root 'build/New-MamlHelp.ps1'
    if (Test-Path $mamlBuilder) { & $mamlBuilder -DocsPath (Join-Path $Root 'docs/cmdlets') -OutputPath (Join-Path $help 'EmailGateway.dll-Help.xml') }
    $ModuleDir
}

# Third-party libraries go to ./dependencies/<edition>, where only the module's private loader finds them,
# so they never collide with other modules' copies: PowerShell 7 gets the libraries' net8.0 builds,
# Windows PowerShell 5.1 their .NET Framework builds (src/EmailGateway.Loading/ModuleLayout.cs).
$script:EditionFrameworks = [ordered]@{ core = 'net8.0'; desktop = 'netstandard2.0' }

function Copy-EditionDependencies {
    param([string] $Root, [string] $ModuleDir, [string] $Configuration)
    $project = Join-Path $Root 'build/EditionDependencies/EditionDependencies.csproj'
    Invoke-Native dotnet @('build', $project, '-c', $Configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly')
    foreach ($edition in $script:EditionFrameworks.Keys) {
        $source = Join-Path $Root "build/EditionDependencies/bin/$Configuration/$($script:EditionFrameworks[$edition])"
        $target = New-Item -ItemType Directory -Path (Join-Path $ModuleDir "dependencies/$edition") -Force
        Get-ChildItem $source -Filter '*.dll' |
            Where-Object { $_.Name -notlike 'EmailGateway*.dll' -and $_.BaseName -ne 'EditionDependencies' } |
            Copy-Item -Destination $target
        # Platform-specific builds of a package (runtimes/win/lib/...), which the loader prefers on that platform.
        $runtimes = Join-Path $source 'runtimes'
        if (Test-Path $runtimes) { Copy-Item $runtimes -Destination $target -Recurse }
    }
}

function Install-TestPrerequisites {
    # The integration tests use real servers; install the Debian packages when they are missing.
    if (-not $IsLinux) { return }
    $needed = [ordered]@{
        '/usr/sbin/sshd'           = 'openssh-server'
        '/usr/sbin/postfix'        = 'postfix'
        '/usr/sbin/dnsmasq'        = 'dnsmasq-base'
        '/usr/bin/swaks'           = 'swaks'
        '/usr/bin/policyd-spf'     = 'postfix-policyd-spf-python'
        '/usr/bin/parallel-ssh'    = 'pssh'
    }
    $missing = @($needed.GetEnumerator() | Where-Object { -not (Test-Path $_.Key) } | ForEach-Object Value)
    if ($missing.Count -eq 0) { return }
    if ((id -u) -ne '0') { Write-Warning "Missing packages for integration tests (run as root to install): $($missing -join ' ')"; return }
    Write-Host "Installing $($missing -join ' ')..." -ForegroundColor Cyan
    'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-qq')
    Invoke-Native apt-get @('install', '-y', '-qq', '--no-install-recommends') + $missing
}

function Invoke-XunitProjects {
    param([string] $Root, [string] $Configuration, [string] $Filter, [string] $ResultsDir)
    $passed = 0; $failed = 0
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Filter '*.csproj' -Recurse | Sort-Object FullName) {
        $name = $project.BaseName
        $trx = Join-Path $ResultsDir "$name.trx"
        if (Test-Path $trx) { Remove-Item $trx }
        Write-Host "xUnit: $name" -ForegroundColor Cyan
        $arguments = @('test', $project.FullName, '-c', $Configuration, '--no-build', '--nologo',
            '--logger', "trx;LogFileName=$trx", '--logger', 'console;verbosity=minimal')
        if ($Filter) { $arguments += @('--filter', $Filter) }
        & dotnet @arguments | Out-Host
        $exit = $LASTEXITCODE
        if (Test-Path $trx) {
            $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
            $passed += [int]$counters.passed
            $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        }
        elseif ($exit) {
            Write-Warning "$name did not run (exit $exit)."
            $failed += 1
        }
        if ($exit -and (Test-Path $trx) -and [int]$counters.failed -eq 0) {
            Write-Warning "$name exited with $exit although no test failed; counting the run as failed."
            $failed += 1
        }
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-PesterSpecs {
    param([string] $Root, [string] $ModuleDir, [string] $ResultsDir)
    $packages = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
    $pester = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester) -or -not (Test-Path (Join-Path $packages 'microsoft.netframework.referenceassemblies.net472/1.0.3'))) {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/PesterRestore/PesterRestore.csproj'), '--nologo', '-v', 'q')
    }
    $summary = Join-Path $ResultsDir 'pester-summary.json'
    New-Item -ItemType Directory -Path $ResultsDir -Force | Out-Null
    # A child process, so the module is loaded fresh and the build process keeps no file locks.
    $script = {
        param($PesterPath, $SpecDir, $ModuleDir, $Summary, $ResultsDir)
        Import-Module $PesterPath -MinimumVersion 5.7.1
        $env:EMAILGATEWAY_MODULE = $ModuleDir
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $SpecDir
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Normal'
        $configuration.TestResult.Enabled = $true
        $configuration.TestResult.OutputPath = Join-Path $ResultsDir 'pester.xml'
        $result = Invoke-Pester -Configuration $configuration
        @{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount } |
            ConvertTo-Json | Set-Content $Summary
    }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes(
        "& { $script } '$pester' '$(Join-Path $Root 'pester')' '$ModuleDir' '$summary' '$ResultsDir'"))
    Invoke-Pwsh -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    $counts = Get-Content $summary -Raw | ConvertFrom-Json
    Remove-Item $summary
    [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed }
}
