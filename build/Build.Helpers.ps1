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
    Copy-ModuleManifest -Root $Root -ModuleDir $ModuleDir
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleDir
    Get-ChildItem (Join-Path $Root 'src/EmailGateway') -Filter '*.ps1xml' | Copy-Item -Destination $ModuleDir
    $help = Join-Path $ModuleDir 'en-US'
    New-Item -ItemType Directory -Path $help | Out-Null
    Get-ChildItem (Join-Path $Root 'en-US') -File -ErrorAction SilentlyContinue | Copy-Item -Destination $help
    $mamlBuilder = Join-Path $Root 'build/New-MamlHelp.ps1'
    if (Test-Path $mamlBuilder) { & $mamlBuilder -DocsPath (Join-Path $Root 'docs/cmdlets') -OutputPath (Join-Path $help 'EmailGateway.dll-Help.xml') }
    $ModuleDir
}

function Get-ReleaseNotes {
    # The section of CHANGELOG.md headed "## [<version>]", without its heading.
    param([string] $Root, [string] $Version)
    $changelog = Get-Content (Join-Path $Root 'CHANGELOG.md') -Raw
    $match = [regex]::Match($changelog, "(?ms)^## \[$([regex]::Escape($Version))\][^\n]*\n(.*?)(?=^## |\z)")
    if (-not $match.Success) { throw "CHANGELOG.md has no section '## [$Version]' for the manifest's ModuleVersion." }
    $match.Groups[1].Value.Trim()
}

function Copy-ModuleManifest {
    # The manifest as it ships: the source, with this version's release notes from CHANGELOG.md.
    param([string] $Root, [string] $ModuleDir)
    $source = Join-Path $Root 'EmailGateway.psd1'
    $version = (Import-PowerShellDataFile $source).ModuleVersion
    $notes = (Get-ReleaseNotes -Root $Root -Version $version).Replace("'", "''")
    $text = Get-Content $source -Raw
    $placeholder = [regex]::Match($text, "(?m)^(\s*)ReleaseNotes\s*=\s*''\s*$")
    if (-not $placeholder.Success) { throw "EmailGateway.psd1 has no empty ReleaseNotes = '' line for the build to fill." }
    $text = $text.Remove($placeholder.Index, $placeholder.Length).Insert($placeholder.Index, "$($placeholder.Groups[1].Value)ReleaseNotes = '$notes'")
    Set-Content -Path (Join-Path $ModuleDir 'EmailGateway.psd1') -Value $text -NoNewline
}

function Invoke-SandboxedPwsh {
    # Runs $Script in a fresh pwsh of this version whose home folder is $Sandbox, with PSModulePath the
    # sandbox's CurrentUser module folder and PowerShell's own. PSResourceGet keeps its repository list
    # and installs CurrentUser modules under the home folder on Linux and macOS, so the user's own setup
    # is neither read nor changed there (on Windows those folders stay the user's). Returns the output
    # lines; throws with them on failure.
    param([Parameter(Mandatory)][string] $Script, [Parameter(Mandatory)][string] $Sandbox, [int] $TimeoutSeconds = 300)
    $native = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $start = if (Test-Path $native) { [Diagnostics.ProcessStartInfo]::new($native) }
    else { $s = [Diagnostics.ProcessStartInfo]::new('dotnet'); $s.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')); $s }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))) {
        $start.ArgumentList.Add($argument)
    }
    # .NET reports a per-user folder only when it exists; without one PSResourceGet writes into the current folder.
    $modules = New-Item -ItemType Directory -Force -Path (Join-Path $Sandbox '.local/share/powershell/Modules')
    New-Item -ItemType Directory -Force -Path (Join-Path $Sandbox '.config'), (Join-Path $Sandbox '.cache') | Out-Null
    $start.Environment['HOME'] = $Sandbox
    foreach ($name in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') { $start.Environment.Remove($name) | Out-Null }
    $start.Environment['PSModulePath'] = $modules.FullName + [IO.Path]::PathSeparator + (Join-Path $PSHOME 'Modules')
    $start.Environment['NO_COLOR'] = '1'
    $start.WorkingDirectory = $Sandbox
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    $errors = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEnd()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "The sandboxed PowerShell did not finish in $TimeoutSeconds s." }
    if ($process.ExitCode) { throw "The sandboxed PowerShell failed (exit $($process.ExitCode)): $output $($errors.Result)" }
    @($output -split "`r?`n" | Where-Object { $_.Trim() })
}

function Publish-ModulePackage {
    # Publishes the laid-out module with PSResourceGet to a local file repository (a folder) and returns
    # the .nupkg. The repository is registered in a sandboxed PowerShell, never in the user's list.
    param([string] $ModuleDir, [string] $RepositoryPath)
    New-Item -ItemType Directory -Path $RepositoryPath -Force | Out-Null
    $repository = (Resolve-Path $RepositoryPath).Path
    $version = (Import-PowerShellDataFile (Join-Path $ModuleDir 'EmailGateway.psd1')).ModuleVersion
    $package = Join-Path $repository "EmailGateway.$version.nupkg"
    if (Test-Path $package) { Remove-Item $package }
    $sandbox = Join-Path ([IO.Path]::GetTempPath()) ('emailgateway-package-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    try {
        Invoke-SandboxedPwsh -Sandbox $sandbox -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet
Register-PSResourceRepository -Name EmailGatewayBuild -Uri '$($repository.Replace("'", "''"))' -Trusted
try { Publish-PSResource -Path '$($ModuleDir.Replace("'", "''"))' -Repository EmailGatewayBuild }
finally { Unregister-PSResourceRepository -Name EmailGatewayBuild }
"@ | Out-Host
    }
    finally { Remove-Item $sandbox -Recurse -Force -ErrorAction SilentlyContinue }
    Get-Item $package
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
        '/usr/bin/chromium'        = 'chromium'
        '/usr/share/fonts/truetype/liberation' = 'fonts-liberation'
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
    $passed = 0; $failed = 0; $skipReasons = [Collections.Generic.List[string]]::new()
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
            $document = [xml](Get-Content $trx -Raw)
            $counters = $document.TestRun.ResultSummary.Counters
            $passed += [int]$counters.passed
            $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
            # A skipped test is NotExecuted, with its reason as the message of its result.
            $trxNamespace = @{ t = $document.DocumentElement.NamespaceURI }
            foreach ($skipped in Select-Xml -Xml $document -XPath '//t:UnitTestResult[@outcome="NotExecuted"]' -Namespace $trxNamespace) {
                $reason = Select-Xml -Xml $skipped.Node -XPath 't:Output/t:ErrorInfo/t:Message' -Namespace $trxNamespace | Select-Object -First 1
                $skipReasons.Add($(if ($reason) { $reason.Node.InnerText.Trim() } else { '(no reason given)' }))
            }
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
    [pscustomobject]@{ Passed = $passed; Failed = $failed; SkipReasons = $skipReasons.ToArray() }
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
        # Set-ItResult -Skipped -Because leaves the reason as the message "is skipped, because <reason>".
        $skipReasons = @($result.Skipped | ForEach-Object {
            $message = @($_.ErrorRecord | ForEach-Object { $_.Exception.Message }) | Select-Object -Last 1
            if ($message -match '^is skipped, because (.+)$') { $Matches[1] } else { '(no reason given)' }
        })
        @{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount; SkipReasons = $skipReasons } |
            ConvertTo-Json | Set-Content $Summary
    }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes(
        "& { $script } '$pester' '$(Join-Path $Root 'pester')' '$ModuleDir' '$summary' '$ResultsDir'"))
    Invoke-Pwsh -NoProfile -NonInteractive -OutputFormat Text -EncodedCommand $encoded
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1; SkipReasons = @() } }
    $counts = Get-Content $summary -Raw | ConvertFrom-Json
    Remove-Item $summary
    [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed; SkipReasons = @($counts.SkipReasons) }
}

function Write-TestSummary {
    # Skipped tests counted by reason, then the closing line: "N passed, N failed, N skipped".
    param([Parameter(Mandatory)][object[]] $Results)
    $reasons = @($Results | ForEach-Object { $_.SkipReasons } | Where-Object { $_ })
    foreach ($group in $reasons | Group-Object | Sort-Object Count -Descending) {
        Write-Host ("{0,5} skipped: {1}" -f $group.Count, $group.Name) -ForegroundColor Yellow
    }
    "$(($Results | Measure-Object Passed -Sum).Sum) passed, $(($Results | Measure-Object Failed -Sum).Sum) failed, $($reasons.Count) skipped"
}
