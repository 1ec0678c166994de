# New-/Get-/Remove-GatewaySession: the surface, then against real sshd processes serving lab appliances
# (Linux, as root, like CI; skipped with the reason elsewhere).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Root = Join-Path $PSScriptRoot '..'
    Import-Module (Join-Path $script:Root 'tools/SshdLab/SshdLab.psm1') -Force
}

AfterAll {
    Get-GatewaySession | Where-Object Kind -eq 'Ssh' | Remove-GatewaySession -Confirm:$false
}

Describe 'Session cmdlet surface' {
    It 'New-GatewaySession has the documented parameters' {
        $parameters = (Get-Command New-GatewaySession).Parameters
        $parameters['ComputerName'].ParameterType | Should -Be ([string[]])
        $parameters['Credential'].ParameterType | Should -Be ([pscredential])
        $parameters['KeyPassphrase'].ParameterType | Should -Be ([securestring])
        foreach ($name in 'Port', 'KeyFilePath', 'KnownHostsPath', 'HostKeyFingerprint', 'AcceptNewHostKey', 'AllowLegacyAlgorithms',
            'ConnectTimeoutSeconds', 'CommandTimeoutSeconds', 'DeviceProfile', 'Name', 'InventoryPath', 'ThrottleLimit') {
            $parameters.Keys | Should -Contain $name
        }
        $parameters['AcceptNewHostKey'].ParameterType | Should -Be ([switch])
    }

    It 'Remove-GatewaySession supports ShouldProcess and takes sessions from the pipeline' {
        $command = Get-Command Remove-GatewaySession
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        ($command.Parameters['Session'].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipeline | Should -Contain $true
    }
}

Describe 'Sessions over SSH' {
    BeforeAll {
        $script:LabSkipReason = Get-SshdLabSkipReason
        if (-not $script:LabSkipReason) {
            $script:Lab = Start-SshdLab -AppliancePath (Find-ApplianceProgram -Root $script:Root) -Appliances 4 -FirstOctet 60 -LabArguments @('--preset', 'KB80406')
            $script:Secret = $script:Lab.Password
            $script:Credential = [pscredential]::new($script:Lab.UserName, (ConvertTo-SecureString $script:Lab.Password -AsPlainText -Force))
            $script:Target = { param([int] $Index = 0) "$($script:Lab.Addresses[$Index]):$($script:Lab.Port)" }
        }
    }

    AfterAll {
        if ($script:Lab) { Stop-SshdLab $script:Lab }
    }

    BeforeEach {
        if ($script:LabSkipReason) { Set-ItResult -Skipped -Because $script:LabSkipReason }
    }

    AfterEach {
        Get-GatewaySession | Where-Object Kind -eq 'Ssh' | Remove-GatewaySession -Confirm:$false
    }

    It 'opens a key-authenticated session with a pinned fingerprint, reads the node, and removes it' {
        $session = New-GatewaySession -ComputerName (& $script:Target 1) -Name meg2 -KeyFilePath $script:Lab.ClientKeyPath `
            -Credential ([pscredential]::new($script:Lab.UserName, [securestring]::new())) -HostKeyFingerprint $script:Lab.HostKeyFingerprint
        $session.PSObject.TypeNames | Should -Contain 'EmailGateway.GatewaySession'
        $session.Kind | Should -Be 'Ssh'
        $node = Get-GatewayNode -ComputerName meg2
        $node.Hostname | Should -Be 'meg2.example.com'
        $node.Helo | Should -Be 'scmgateway'
        Remove-GatewaySession -ComputerName meg2 -Confirm:$false
        Get-GatewaySession -ComputerName meg2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $session.IsDisposed | Should -BeTrue
    }

    It 'reports with -Verbose the key exchange and where the set-up time went' {
        $verbose = New-GatewaySession -ComputerName (& $script:Target 2) -Name phases -KeyFilePath $script:Lab.ClientKeyPath `
            -Credential ([pscredential]::new($script:Lab.UserName, [securestring]::new())) -KnownHostsPath $script:Lab.KnownHostsPath -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $line = @($verbose | Where-Object Message -Match 'connected to ' | ForEach-Object Message)
        $line.Count | Should -Be 1
        # curve25519, not SSH.NET's costlier sntrup761 hybrid: this sshd (OpenSSH 9.x) offers no ML-KEM
        $line[0] | Should -Match '\((mlkem768x25519-sha256|curve25519-sha256), ssh-ed25519, .*\) in \d+ ms: waited \d+ ms for a handshake slot, TCP and version \d+ ms, key exchange \d+ ms, authentication \d+ ms'
    }

    It 'refuses an unknown host key with its fingerprint and the way to trust it, and opens nothing' {
        $knownHosts = Join-Path $TestDrive 'empty_known_hosts'
        $errors = @()
        New-GatewaySession -ComputerName (& $script:Target 0) -Credential $script:Credential -KnownHostsPath $knownHosts -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NewGatewaySessionHostKeyUnknown*'
        $errors[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $errors[0].Exception.Message | Should -BeLike "*$($script:Lab.HostKeyFingerprint)*"
        $errors[0].Exception.Message | Should -BeLike '*-AcceptNewHostKey*'
        Get-GatewaySession | Where-Object Kind -eq 'Ssh' | Should -BeNullOrEmpty
        Test-Path $knownHosts | Should -BeFalse
    }

    It '-AcceptNewHostKey records the key in OpenSSH format' {
        $knownHosts = Join-Path $TestDrive 'accept_known_hosts'
        New-GatewaySession -ComputerName (& $script:Target 2) -Credential $script:Credential -KnownHostsPath $knownHosts -AcceptNewHostKey -WarningAction SilentlyContinue | Out-Null
        (Get-Content $knownHosts) | Should -Match ('^' + [regex]::Escape("[$($script:Lab.Addresses[2])]:$($script:Lab.Port) ssh-ed25519 ") + '[A-Za-z0-9+/=]+$')
        & ssh-keygen -F "[$($script:Lab.Addresses[2])]:$($script:Lab.Port)" -f $knownHosts | Should -Not -BeNullOrEmpty
    }

    It 'reports a wrong password per node, and no password ever reaches a stream or a file' {
        $wrong = [pscredential]::new($script:Lab.UserName, (ConvertTo-SecureString 'NotThePassword-4711' -AsPlainText -Force))
        $all = & {
            New-GatewaySession -ComputerName (& $script:Target 3) -Credential $wrong -KnownHostsPath $script:Lab.KnownHostsPath -Verbose -Debug -ErrorAction Continue
            New-GatewaySession -ComputerName (& $script:Target 3) -Name good -Credential $script:Credential -KnownHostsPath $script:Lab.KnownHostsPath -Verbose -Debug
            Get-GatewayNode -ComputerName good -Verbose -Debug
        } *>&1
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NewGatewaySessionAuthenticationFailed*'
        $errors[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        $text = ($all | ForEach-Object { ($_ | Out-String) + $(if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString() }) }) -join "`n"
        $text | Should -Not -BeLike '*NotThePassword-4711*'
        $text | Should -Not -BeLike "*$($script:Secret)*"
        foreach ($file in Get-ChildItem $script:Lab.Directory, $TestDrive -Recurse -File -ErrorAction SilentlyContinue) {
            $content = [IO.File]::ReadAllText($file.FullName)
            $content.Contains('NotThePassword-4711') | Should -BeFalse -Because $file.FullName
            $content.Contains($script:Secret) | Should -BeFalse -Because $file.FullName
        }
    }

    It 'opens the appliances of an inventory, named as the inventory names them' {
        $inventory = Join-Path $TestDrive 'inventory.yaml'
        @"
defaults: { port: $($script:Lab.Port), user: $($script:Lab.UserName), key: $($script:Lab.ClientKeyPath) }
appliances:
  - { name: inv-meg1, host: $($script:Lab.Addresses[0]) }
  - { name: inv-meg3, host: $($script:Lab.Addresses[2]) }
"@ | Set-Content $inventory
        $sessions = New-GatewaySession -InventoryPath $inventory -KnownHostsPath $script:Lab.KnownHostsPath
        $sessions.ComputerName | Should -Be @('inv-meg1', 'inv-meg3')
        (Get-GatewayNode -ComputerName inv-* | Sort-Object ComputerName).Hostname | Should -Be @('meg1.example.com', 'meg3.example.com')
    }

    It 'honours a hostKeyFingerprint given in the inventory defaults, matching or not' {
        # No known_hosts entry: only the pin from defaults can let these appliances in.
        $emptyKnownHosts = Join-Path $TestDrive 'defaults_known_hosts'
        Set-Content -LiteralPath $emptyKnownHosts -Value ''
        function Write-Inventory([string] $Pin, [string] $Prefix) {
            $path = Join-Path $TestDrive "$Prefix-inventory.yaml"
            @"
defaults: { port: $($script:Lab.Port), user: $($script:Lab.UserName), key: $($script:Lab.ClientKeyPath), hostKeyFingerprint: '$Pin' }
appliances:
  - { name: $Prefix-meg1, host: $($script:Lab.Addresses[0]) }
  - { name: $Prefix-meg2, host: $($script:Lab.Addresses[1]) }
"@ | Set-Content $path
            $path
        }
        $sessions = New-GatewaySession -InventoryPath (Write-Inventory $script:Lab.HostKeyFingerprint 'pin') -KnownHostsPath $emptyKnownHosts
        $sessions.ComputerName | Should -Be @('pin-meg1', 'pin-meg2')

        $errors = @()
        $wrongPin = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'
        New-GatewaySession -InventoryPath (Write-Inventory $wrongPin 'badpin') -KnownHostsPath $emptyKnownHosts -ErrorVariable errors -ErrorAction SilentlyContinue | Out-Null
        $errors.Count | Should -Be 2
        $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'NewGatewaySessionHostKeyChanged*' }
        Get-GatewaySession -ComputerName 'badpin-*' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-Content -LiteralPath $emptyKnownHosts -Raw).Trim() | Should -BeNullOrEmpty
    }

    It 'reports a refused connection as unreachable, without stopping the other computers' {
        $errors = @()
        $opened = New-GatewaySession -ComputerName "127.0.1.250:$($script:Lab.Port)", (& $script:Target 0) -Credential $script:Credential `
            -KnownHostsPath $script:Lab.KnownHostsPath -ErrorVariable errors -ErrorAction SilentlyContinue
        @($opened).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NewGatewaySessionUnreachable*'
        $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'refuses a second session of the same name and leaves the first open' {
        New-GatewaySession -ComputerName (& $script:Target 0) -Name dup -Credential $script:Credential -KnownHostsPath $script:Lab.KnownHostsPath | Out-Null
        $errors = @()
        New-GatewaySession -ComputerName (& $script:Target 1) -Name dup -Credential $script:Credential -KnownHostsPath $script:Lab.KnownHostsPath -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NewGatewaySessionSessionExists*'
        (Get-GatewayNode -ComputerName dup).Hostname | Should -Be 'meg1.example.com'
    }

    It 'Remove-GatewaySession -WhatIf keeps the session; piping sessions removes them' {
        New-GatewaySession -ComputerName (& $script:Target 0), (& $script:Target 1) -Credential $script:Credential -KnownHostsPath $script:Lab.KnownHostsPath | Out-Null
        Get-GatewaySession | Where-Object Kind -eq 'Ssh' | Remove-GatewaySession -WhatIf
        @(Get-GatewaySession | Where-Object Kind -eq 'Ssh').Count | Should -Be 2
        Get-GatewaySession | Where-Object Kind -eq 'Ssh' | Remove-GatewaySession -Confirm:$false
        @(Get-GatewaySession | Where-Object Kind -eq 'Ssh').Count | Should -Be 0
    }
}
