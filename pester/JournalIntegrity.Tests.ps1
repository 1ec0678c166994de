# -Resume believes a journal only when its plan is complete and unchanged: the journal records its plan's
# step count and digest when the run starts. A journal cut short, edited, of another kind, or naming other
# appliances is refused with the file named and a JournalXxx ErrorId, and nothing on the cluster changes.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Package = New-GatewayLabPackage -Build '7.6.4 P4' -Path (Join-Path $TestDrive 'journal-p4.pkg')

    function Get-ClusterState { Get-GatewayNode | ForEach-Object { "$($_.ComputerName) $($_.Build) $($_.Mode) $($_.NetworkState) $($_.VrrpActive) $($_.Helo)" } }
    function Get-ResumeError([string] $Journal) {
        $err = $null
        try { Invoke-GatewayClusterUpgrade -Resume -JournalPath $Journal -Confirm:$false -ErrorAction Stop | Out-Null } catch { $err = $_ }
        $err
    }
}

Describe 'Invoke-GatewayClusterUpgrade -Resume refuses a journal it cannot believe' {
    BeforeEach {
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        New-GatewayLab -Preset KB80406 -Name Journals | Out-Null
        $script:Journal = Join-Path $TestDrive "journal-$([guid]::NewGuid().ToString('N')).yaml"
        # The run stops before step 6 (B.4, the first switch-over), with steps 1 to 5 done.
        $report = Get-GatewayNode | Invoke-GatewayClusterUpgrade -Path $script:Package.Path -Strategy FailoverPromotion -RepairInterim -JournalPath $script:Journal `
            -Confirm:$false -BeforeStep { if ($_.Step.Index -eq 6) { throw 'stopped by the spec' } } -ErrorAction SilentlyContinue
        $report.Result | Should -Be 'Failed'
        $script:Before = Get-ClusterState
        $script:Text = Get-Content -LiteralPath $script:Journal -Raw
    }
    AfterAll { Get-GatewayLab | Remove-GatewayLab -Confirm:$false }

    It 'refuses a journal cut after step 8 of its plan, naming the file, and changes nothing' {
        $cut = [regex]::Match($script:Text, '(?m)^- index: 9$')
        $cut.Success | Should -BeTrue
        Set-Content -LiteralPath $script:Journal -Value $script:Text.Substring(0, $cut.Index) -NoNewline
        $written = Get-Content -LiteralPath $script:Journal -Raw

        $err = Get-ResumeError $script:Journal

        $err.FullyQualifiedErrorId | Should -Be 'InvokeGatewayClusterUpgradeJournalIncomplete,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.TargetObject | Should -Be $script:Journal
        $err.Exception.Message | Should -BeLike "*$($script:Journal)*but the file holds 8*"
        Get-ClusterState | Should -Be $script:Before
        Get-Content -LiteralPath $script:Journal -Raw | Should -BeExactly $written
    }

    It 'refuses a journal whose plan was edited (<Case>)' -ForEach @(
        @{ Case = 'target build'; From = 'targetBuild: 7.6.4 P4'; To = 'targetBuild: 7.6.4 P5' }
        @{ Case = 'a step''s target'; From = '  - meg2'; To = '  - meg3' }
    ) {
        $at = $script:Text.IndexOf($From)
        $at | Should -BeGreaterThan 0
        Set-Content -LiteralPath $script:Journal -Value ($script:Text.Substring(0, $at) + $To + $script:Text.Substring($at + $From.Length)) -NoNewline

        $err = Get-ResumeError $script:Journal

        $err.FullyQualifiedErrorId | Should -Be 'InvokeGatewayClusterUpgradeJournalAltered,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
        $err.Exception.Message | Should -BeLike "*$($script:Journal)*changed after it was written*"
        Get-ClusterState | Should -Be $script:Before
    }

    It 'refuses a file that is not a journal' {
        $other = Join-Path $TestDrive 'desired.yaml'
        Set-Content -LiteralPath $other -Value "clusters:`n  - { clusterId: 12, build: 7.6.4 P4 }"
        $err = Get-ResumeError $other
        $err.FullyQualifiedErrorId | Should -Be 'InvokeGatewayClusterUpgradeJournalFormat,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
        $err.Exception.Message | Should -BeLike "*$other*is not an upgrade journal*"
    }

    It 'refuses a journal that does not parse, with its line' {
        Set-Content -LiteralPath $script:Journal -Value "format: 2`nsteps: [ { index: 1`n"
        $err = Get-ResumeError $script:Journal
        $err.FullyQualifiedErrorId | Should -Be 'InvokeGatewayClusterUpgradeJournalUnreadable,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
        $err.Exception.Message | Should -BeLike "*$($script:Journal)*line*"
    }

    It 'refuses a missing journal with JournalNotFound' {
        $err = Get-ResumeError (Join-Path $TestDrive 'nowhere.yaml')
        $err.FullyQualifiedErrorId | Should -Be 'InvokeGatewayClusterUpgradeJournalNotFound,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses a journal whose nodes are other appliances now, naming them' {
        # The same session names on other appliances: a lab whose hostnames differ from those the journal recorded.
        Get-GatewayLab | Remove-GatewayLab -Confirm:$false
        $description = Join-Path $TestDrive 'elsewhere.yaml'
        $nodes = 1..4 | ForEach-Object {
            $mode = @('master', 'failover', 'scanner', 'scanner')[$_ - 1]
            $vip = if ($_ -le 2) { ', virtualIp: 192.0.2.10' } else { '' }
            $sync = @('source', 'in-sync', 'in-sync', 'in-sync')[$_ - 1]
            "  - { name: meg$_, hostname: meg$_.elsewhere.example, product: MEG, build: 7.6.4 P3, mode: $mode, clusterId: 12$vip, address: 192.0.2.1$_, helo: mail.example.com, sync: $sync, network: online, revision: 42 }"
        }
        Set-Content -LiteralPath $description -Value (@('settings: { name: Elsewhere, virtualIp: 192.0.2.10 }', 'nodes:') + $nodes)
        New-GatewayLab -Path $description -Name Journals | Out-Null
        $before = Get-ClusterState

        $err = Get-ResumeError $script:Journal

        $err.FullyQualifiedErrorId | Should -Be 'InvokeGatewayClusterUpgradeJournalForeign,EmailGateway.Commands.InvokeGatewayClusterUpgradeCommand'
        $err.Exception.Message | Should -BeLike "*$($script:Journal)*meg1: was meg1.example.com, now meg1.elsewhere.example*"
        Get-ClusterState | Should -Be $before
    }
}
