# Update packages are verified before anything is uploaded: the header's content-sha256 catches a changed or
# truncated file, -Sha256 checks the vendor's published value, and the header is read strictly. Downgrades
# through Install-GatewayUpdate need -AllowDowngrade; the same build is left alone with a warning.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function New-Package([string] $Build, [string] $Name) {
        New-GatewayLabPackage -Build $Build -Path (Join-Path $TestDrive $Name) -PayloadKiB 8 -Force
    }
    function Set-Byte([string] $Path, [int] $Index, [byte] $Value) {
        $bytes = [IO.File]::ReadAllBytes($Path); $bytes[$Index] = $Value; [IO.File]::WriteAllBytes($Path, $bytes)
    }
    function Get-Sha256([string] $Path) { (Get-FileHash -Algorithm SHA256 -LiteralPath $Path).Hash.ToLowerInvariant() }
    function Get-Build([string] $Name) { (Get-GatewayNode -ComputerName $Name).Build.ToString() }
}

Describe 'Install-GatewayUpdate verifies the package before any upload' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset Healthy -Name Packages | Out-Null
        Set-GatewayNodeState -ComputerName meg3 -State Offline -Confirm:$false
        $script:Package = New-Package '7.6.4 P4' 'p4.pkg'
        $script:Published = $script:Package.Sha256
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'takes -Sha256 (alias -Checksum) and installs a package that matches it' {
        (Get-ParameterInfo 'Install-GatewayUpdate' 'Sha256').Aliases | Should -Contain 'Checksum'
        $node = Install-GatewayUpdate -ComputerName meg3 -Path $script:Package.Path -Checksum $script:Published.ToUpperInvariant() -PassThru -Confirm:$false
        $node.Build.ToString() | Should -Be '7.6.4 P4'
    }

    It 'refuses a -Sha256 that is not 64 hexadecimal digits' {
        { Install-GatewayUpdate -ComputerName meg3 -Path $script:Package.Path -Sha256 'abc123' -Confirm:$false } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,EmailGateway.Commands.InstallGatewayUpdateCommand'
    }

    It 'refuses a package flipped by one byte in its <Where>, with and without -Sha256, and changes nothing' -ForEach @(
        @{ Where = 'build line (P4 becomes P5)'; Locate = { param($text, $length) $text.IndexOf('P4') + 1 }; Value = [byte][char]'5' }
        @{ Where = 'payload'; Locate = { param($text, $length) $length - 1 }; Value = [byte]0xAA }
    ) {
        $path = $script:Package.Path
        $text = [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($path))
        Set-Byte $path (& $Locate $text $text.Length) $Value

        $without = Get-ErrorIds { Install-GatewayUpdate -ComputerName meg3 -Path $path -Confirm:$false }
        $without | Should -Be 'InstallGatewayUpdatePackageDamaged,EmailGateway.Commands.InstallGatewayUpdateCommand'
        $with = Get-ErrorIds { Install-GatewayUpdate -ComputerName meg3 -Path $path -Sha256 $script:Published -Confirm:$false }
        $with | Should -Be 'InstallGatewayUpdatePackageChecksumMismatch,EmailGateway.Commands.InstallGatewayUpdateCommand'
        Get-Build meg3 | Should -Be '7.6.4 P3'
    }

    It 'names the file and both digests when -Sha256 does not match' {
        $other = '0' * 64
        $err = $null
        try { Install-GatewayUpdate -ComputerName meg3 -Path $script:Package.Path -Sha256 $other -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.Exception.Message | Should -BeLike "*$($script:Package.Path)*$($script:Published)*$other*"
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'refuses a package cut short, even one cut after its header' {
        $path = $script:Package.Path
        $bytes = [IO.File]::ReadAllBytes($path)
        $headerEnd = [Text.Encoding]::Latin1.GetString($bytes).IndexOf("---`n") + 4
        [IO.File]::WriteAllBytes($path, $bytes[0..($headerEnd - 1)])
        Get-ErrorIds { Install-GatewayUpdate -ComputerName meg3 -Path $path -Confirm:$false } |
            Should -Be 'InstallGatewayUpdatePackageDamaged,EmailGateway.Commands.InstallGatewayUpdateCommand'
        Get-Build meg3 | Should -Be '7.6.4 P3'
    }

    It 'refuses a header with an unknown key, naming it' {
        $path = Join-Path $TestDrive 'unknown-key.pkg'
        Set-Content -LiteralPath $path -NoNewline -Value "kind: gateway-update`nproduct: MEG`nbuild: 7.6.4 P4`nsignature: none`n---`npayload"
        $err = $null
        try { Install-GatewayUpdate -ComputerName meg3 -Path $path -Sha256 (Get-Sha256 $path) -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'InstallGatewayUpdatePackageInvalid,EmailGateway.Commands.InstallGatewayUpdateCommand'
        $err.Exception.Message | Should -Match "unknown key 'signature'"
        Get-Build meg3 | Should -Be '7.6.4 P3'
    }

    It 'accepts a package without content-sha256 only with -Sha256' {
        $path = Join-Path $TestDrive 'older.pkg'
        Set-Content -LiteralPath $path -NoNewline -Value "kind: gateway-update`nproduct: MEG`nbuild: 7.6.4 P4`n---`npayload"
        $err = $null
        try { Install-GatewayUpdate -ComputerName meg3 -Path $path -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'InstallGatewayUpdatePackageUnverified,EmailGateway.Commands.InstallGatewayUpdateCommand'
        $err.Exception.Message | Should -Match '-Sha256'
        Get-Build meg3 | Should -Be '7.6.4 P3'
        (Install-GatewayUpdate -ComputerName meg3 -Path $path -Sha256 (Get-Sha256 $path) -PassThru -Confirm:$false).Build.ToString() | Should -Be '7.6.4 P4'
    }
}

Describe 'Install-GatewayUpdate and older or equal builds' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset Healthy -Name Downgrade | Out-Null
        Set-GatewayNodeState -ComputerName meg3 -State Offline -Confirm:$false
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'refuses a downgrade per node, naming both builds, and changes nothing' {
        $older = New-Package '7.6.4 P2' 'p2.pkg'
        $err = $null
        try { Install-GatewayUpdate -ComputerName meg3 -Path $older.Path -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'InstallGatewayUpdateDowngradeRefused,EmailGateway.Commands.InstallGatewayUpdateCommand'
        $err.Exception.Message | Should -Match 'meg3.*7\.6\.4 P2, older than the 7\.6\.4 P3.*-AllowDowngrade'
        $err.TargetObject | Should -Be 'meg3'
        Get-Build meg3 | Should -Be '7.6.4 P3'
    }

    It 'installs an older build with -AllowDowngrade' {
        $older = New-Package '7.6.4 P2' 'p2.pkg'
        (Install-GatewayUpdate -ComputerName meg3 -Path $older.Path -AllowDowngrade -PassThru -Confirm:$false).Build.ToString() | Should -Be '7.6.4 P2'
    }

    It 'leaves a node on the same build alone and says so' {
        $same = New-Package '7.6.4 P3' 'p3.pkg'
        $before = (Get-GatewayLab -Name Downgrade).Now
        Install-GatewayUpdate -ComputerName meg3 -Path $same.Path -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Match 'meg3 already runs 7\.6\.4 P3; nothing was uploaded or installed'
        (Get-GatewayLab -Name Downgrade).Now | Should -Be $before
    }
}

Describe 'Invoke-GatewayClusterUpgrade verifies the package before any node is touched' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset Healthy -Name ClusterPackages | Out-Null
        $script:Package = New-Package '7.6.4 P4' 'cluster-p4.pkg'
        $script:Journal = Join-Path $TestDrive "journal-$([guid]::NewGuid().ToString('N')).yaml"
        $script:Before = Get-GatewayNode | ForEach-Object { "$($_.ComputerName) $($_.Build) $($_.NetworkState) $($_.Mode)" }
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'takes -Sha256 (alias -Checksum), as Get-GatewayUpgradePlan does' {
        (Get-ParameterInfo 'Invoke-GatewayClusterUpgrade' 'Sha256').Aliases | Should -Contain 'Checksum'
        (Get-ParameterInfo 'Get-GatewayUpgradePlan' 'Sha256').Aliases | Should -Contain 'Checksum'
    }

    It 'refuses <Case>: no journal, no change' -ForEach @(
        @{ Case = 'a package flipped by one byte'; Flip = $true; Sha = $null; ErrorId = 'InvokeGatewayClusterUpgradePackageDamaged' }
        @{ Case = 'a package that differs from -Sha256'; Flip = $false; Sha = ('f' * 64); ErrorId = 'InvokeGatewayClusterUpgradePackageChecksumMismatch' }
    ) {
        if ($Flip) { Set-Byte $script:Package.Path ((Get-Item $script:Package.Path).Length - 1) ([byte]0xAA) }
        $arguments = @{ Path = $script:Package.Path; Strategy = 'MasterInPlace'; JournalPath = $script:Journal; Confirm = $false }
        if ($Sha) { $arguments.Sha256 = $Sha }
        Get-ErrorIds { Get-GatewayNode | Invoke-GatewayClusterUpgrade @arguments } | Should -Be "$ErrorId,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand"
        Test-Path $script:Journal | Should -BeFalse
        Get-GatewayNode | ForEach-Object { "$($_.ComputerName) $($_.Build) $($_.NetworkState) $($_.Mode)" } | Should -Be $script:Before
    }

    It 'runs with the published -Sha256' {
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Sha256 $script:Package.Sha256 -Strategy MasterInPlace -JournalPath $script:Journal -Confirm:$false
        $report.Result | Should -Be 'Succeeded'
    }

    It '-Sha256 without -Path is refused' {
        Get-ErrorIds { Get-GatewayNode | Invoke-GatewayClusterUpgrade -TargetBuild '7.6.4 P4' -Sha256 $script:Package.Sha256 -Strategy MasterInPlace -JournalPath $script:Journal -Confirm:$false } |
            Should -Be 'InvokeGatewayClusterUpgradeInvalidArgument,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
    }
}
