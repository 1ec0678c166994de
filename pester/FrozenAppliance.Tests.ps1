# A hung appliance: its sshd stopped with SIGSTOP after the session opened (Linux, as root, like CI;
# skipped with the reason elsewhere).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Root = Join-Path $PSScriptRoot '..'
    Import-Module (Join-Path $script:Root 'tools/SshdLab/SshdLab.psm1') -Force
    $script:LabSkipReason = Get-SshdLabSkipReason
    if (-not $script:LabSkipReason) {
        $script:Lab = Start-SshdLab -AppliancePath (Find-ApplianceProgram -Root $script:Root) -Appliances 4 -FirstOctet 90 -LabArguments @('--fleet', '4')
        $script:KeyOnly = [pscredential]::new($script:Lab.UserName, [securestring]::new())
    }
}

AfterAll {
    Get-GatewaySession | Where-Object Kind -eq 'Ssh' | Remove-GatewaySession -Confirm:$false
    if ($script:Lab) { Stop-SshdLab $script:Lab } # resumes whatever is still stopped, then stops it
}

Describe 'A frozen appliance' {
    BeforeEach {
        if ($script:LabSkipReason) { Set-ItResult -Skipped -Because $script:LabSkipReason }
    }

    It 'fails within -CommandTimeoutSeconds plus the grace with a Timeout ErrorId naming the appliance and the limit, then reconnects' {
        New-GatewaySession -ComputerName "$($script:Lab.Addresses[0]):$($script:Lab.Port)" -Name frozen1 -Credential $script:KeyOnly `
            -KeyFilePath $script:Lab.ClientKeyPath -HostKeyFingerprint $script:Lab.HostKeyFingerprint -CommandTimeoutSeconds 3 -ConnectTimeoutSeconds 20 | Out-Null
        (Get-GatewayNode -ComputerName frozen1).Hostname | Should -Be 'meg1.example.com'

        $stopped = Suspend-SshdLab $script:Lab
        try {
            $stopped.Count | Should -BeGreaterThan 1 # the listener and the session's own sshd
            $errors = @()
            $watch = [Diagnostics.Stopwatch]::StartNew()
            Get-GatewayNode -ComputerName frozen1 -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $watch.Stop()
        }
        finally { Resume-SshdLab $script:Lab -ProcessId $stopped }

        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GetGatewayNodeTimeout*'
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $errors[0].Exception.Message | Should -BeLike '*frozen1*3 s*'
        # 3 s command timeout; 2 s grace only for a running command's cancellation; 1.5 s for a loaded machine
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 2.5
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 6.5
        (Get-GatewayNode -ComputerName frozen1).Hostname | Should -Be 'meg1.example.com'
    }
}
