# Module state (sessions, labs, the node cache) belongs to the runspace that made it, as in runbook hosts
# that run several scripts at once in one process.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Manifest = Join-Path $script:ModuleDir 'EmailGateway.psd1'

    # Runs a script in a runspace of its own without a console, as runbook workers host scripts.
    function Invoke-Hosted([string] $Script) {
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddScript("Import-Module '$($script:Manifest -replace "'", "''")' -ErrorAction Stop`n$Script")
            $output = $ps.Invoke()
            [pscustomobject]@{
                Output   = @($output)
                Errors   = @($ps.Streams.Error)
                Warnings = @($ps.Streams.Warning)
                Progress = @($ps.Streams.Progress)
                Failure  = $ps.InvocationStateInfo.Reason
            }
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Runspaces each have their own sessions and labs' {
    BeforeAll {
        Get-GatewayLab | Where-Object Name -eq 'Caller' | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset Healthy -Name Caller -Prefix caller- | Out-Null
    }
    AfterAll { Remove-GatewayLab -Name Caller -Confirm:$false -ErrorAction SilentlyContinue }

    It 'ForEach-Object -Parallel: upgrades of same-named labs in two runspaces do not hold each other''s lock' {
        # Each runspace upgrades its own lab Demo again and again, so their runs overlap: neither may be refused.
        $packagePath = (New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'runspaces.pkg')).Path
        $results = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            $ErrorActionPreference = 'Stop'
            Import-Module $using:Manifest
            foreach ($round in 1..6) {
                New-GatewayLab -Preset Healthy -Name Demo | Out-Null
                (Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $using:packagePath -Strategy MasterInPlace -Confirm:$false).Result.ToString()
                Remove-GatewayLab -Name Demo -Confirm:$false
            }
        }
        $results | Should -Be (@('Succeeded') * 12)
    }

    It 'ForEach-Object -Parallel: labs of the same names in each runspace, and none of the caller''s sessions' {
        $results = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            $ErrorActionPreference = 'Stop'
            Import-Module $using:Manifest
            $lab = New-GatewayLab -Preset KB80406 -Name Demo
            Set-GatewayNodeState -ComputerName meg3 -State Offline -Confirm:$false
            [pscustomobject]@{
                Runspace = [runspace]::DefaultRunspace.InstanceId
                Labs     = @(Get-GatewayLab).Name
                Sessions = @(Get-GatewaySession).ComputerName
                Offline  = @(Get-GatewayNode | Where-Object NetworkState -eq Offline).ComputerName
                Session  = Get-GatewaySession -ComputerName meg1
                Lab      = $lab.Name
            }
        }
        $results.Count | Should -Be 2
        ($results.Runspace | Select-Object -Unique).Count | Should -Be 2
        foreach ($result in $results) {
            $result.Labs | Should -Be @('Demo')
            $result.Sessions | Should -Be @('meg1', 'meg2', 'meg3', 'meg4')
            $result.Offline | Should -Be @('meg3')
        }
        # The caller kept its own, and saw none of theirs.
        @(Get-GatewayLab).Name | Should -Contain 'Caller'
        @(Get-GatewayLab).Name | Should -Not -Contain 'Demo'
        @(Get-GatewaySession).ComputerName | Should -Not -Contain 'meg1'
        # Their runspaces are closed now: so are the sessions they opened.
        foreach ($result in $results) { $result.Session.IsDisposed | Should -BeTrue }
    }

    It 'Start-ThreadJob: two jobs make the same lab at once' {
        if (-not (Get-Command Start-ThreadJob -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'Start-ThreadJob is not available (the ThreadJob module ships with PowerShell 7)'
            return
        }
        $jobs = 1..2 | ForEach-Object {
            Start-ThreadJob -ArgumentList $script:Manifest -ScriptBlock {
                param($manifest)
                $ErrorActionPreference = 'Stop'
                Import-Module $manifest
                New-GatewayLab -Preset KB80406 -Name Demo | Out-Null
                @(Get-GatewaySession).ComputerName -join ','
                (Test-GatewayClusterConsistency -Quiet)
            }
        }
        # One job at a time: received together, the two jobs' output interleaves in whatever order it came.
        $jobErrors = @()
        $results = foreach ($job in $jobs) { $job | Receive-Job -Wait -AutoRemoveJob -ErrorVariable +jobErrors }
        $jobErrors | Should -BeNullOrEmpty
        $results | Should -Be @('meg1,meg2,meg3,meg4', $false, 'meg1,meg2,meg3,meg4', $false)
        @(Get-GatewayLab).Name | Should -Not -Contain 'Demo'
    }

    It 'a session passed on by its runspace is closed when that runspace closes' {
        $hosted = Invoke-Hosted 'New-GatewayLab -Preset Healthy -Name Gone | Out-Null; Get-GatewaySession -ComputerName meg1'
        $hosted.Errors | Should -BeNullOrEmpty
        $session = $hosted.Output[0].psobject.BaseObject
        $session.ComputerName | Should -Be 'meg1'
        $session.IsDisposed | Should -BeTrue
    }
}

Describe 'A hosted runspace without a console' {
    It 'runs an upgrade with -Confirm:$false without a prompt, and collects its progress' {
        $hosted = Invoke-Hosted @'
New-GatewayLab -Preset KB80406 | Out-Null
$package = New-GatewayLabPackage -Build '7.6.4 P4' -Path ([System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "eg-hosted-$([guid]::NewGuid().ToString('N')).pkg"))
try { (Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $package.Path -Strategy FailoverPromotion -RepairInterim -Confirm:$false).Result }
finally { Remove-Item $package.Path }
'@
        $hosted.Failure | Should -BeNullOrEmpty
        $hosted.Errors | Should -BeNullOrEmpty
        $hosted.Output | Should -Be @('Succeeded')
        $hosted.Progress.Count | Should -BeGreaterThan 0
        $hosted.Progress.Activity | Should -Contain 'Step 1/14 [B.1] TakeOffline meg2'
    }

    It 'would prompt without -Confirm:$false, and there fails instead of waiting for an answer, changing nothing' {
        $hosted = Invoke-Hosted @'
New-GatewayLab -Preset Healthy | Out-Null
$package = New-GatewayLabPackage -Build '7.6.4 P4' -Path ([System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "eg-hosted-$([guid]::NewGuid().ToString('N')).pkg"))
try { Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $package.Path -Strategy MasterInPlace -ErrorAction Stop; 'ran' }
catch { 'refused: ' + $_.Exception.GetType().Name }
finally { Remove-Item $package.Path }
@((Get-GatewayNode).Build | ForEach-Object ToString | Select-Object -Unique)
'@
        $hosted.Output[0] | Should -Match '^refused: '
        $hosted.Output[1] | Should -Be '7.6.4 P3'
        $hosted.Output.Count | Should -Be 2
    }

    It 'collects the guard''s warning in the warning stream' {
        $hosted = Invoke-Hosted 'New-GatewayLab -Preset KB80406 | Out-Null; Set-GatewayNodeState -ComputerName meg1 -State Offline -Force -Confirm:$false'
        $hosted.Errors | Should -BeNullOrEmpty
        $hosted.Warnings.Count | Should -BeGreaterThan 0
        $hosted.Warnings[0].Message | Should -Match 'KB80406'
    }

    It 'the README''s exit pattern sets the exit code of a script run there' -ForEach @(
        @{ Preset = 'Healthy'; Code = 0 }
        @{ Preset = 'KB80406'; Code = 1 }
    ) {
        $script = Join-Path $TestDrive "check-$Preset.ps1"
        Set-Content -Path $script -Value @"
Import-Module '$($script:Manifest -replace "'", "''")'
New-GatewayLab -Preset $Preset -ErrorAction Stop | Out-Null
exit [int](-not (Test-GatewayClusterConsistency -Quiet))
"@
        $ps = [powershell]::Create()
        try {
            [void]$ps.AddCommand($script)
            [void]$ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $ps.Runspace.SessionStateProxy.GetVariable('LASTEXITCODE') | Should -Be $Code
        }
        finally { $ps.Dispose() }
    }
}
