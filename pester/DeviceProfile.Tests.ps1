BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Examples = Join-Path $PSScriptRoot '../docs/profiles'
    $script:TextProfile = Join-Path $script:Examples 'text-cli.yaml'
    $script:TextCapture = Join-Path $script:Examples 'text-cli.transcript.txt'

    function New-Capture([string] $Name, [string] $Text) {
        $path = Join-Path $TestDrive $Name
        Set-Content -LiteralPath $path -Value $Text -NoNewline
        $path
    }
}

Describe 'Test-GatewayDeviceProfile' {
    Context 'surface' {
        It 'takes transcripts by position, by value and by property name (FullName, Path), and a profile by position' {
            $transcript = Get-ParameterInfo Test-GatewayDeviceProfile Transcript
            $transcript.ParameterType | Should -Be ([string[]])
            $transcript.Aliases | Should -Contain 'FullName'
            $transcript.Aliases | Should -Contain 'Path'
            $attribute = $transcript.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
            $attribute.Mandatory | Should -BeTrue
            $attribute.Position | Should -Be 0
            $attribute.ValueFromPipeline | Should -BeTrue
            $attribute.ValueFromPipelineByPropertyName | Should -BeTrue
            ((Get-ParameterInfo Test-GatewayDeviceProfile DeviceProfile).Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }).Position | Should -Be 1
        }

        It 'declares its output type and changes nothing (no -WhatIf)' {
            (Get-Command Test-GatewayDeviceProfile).OutputType.Name | Should -Contain 'EmailGateway.Profiles.Status.StatusFieldReading'
            (Get-Command Test-GatewayDeviceProfile).Parameters.Keys | Should -Not -Contain 'WhatIf'
        }
    }

    Context 'the worked example of docs/device-profiles.md' {
        BeforeAll {
            $script:Fields = @(Test-GatewayDeviceProfile -Transcript $script:TextCapture -DeviceProfile $script:TextProfile -WarningVariable warnings)
            $script:Warnings = $warnings
        }

        It 'reads every field of the captured session, with its line in the transcript' {
            $script:Fields.Count | Should -Be 15
            $script:Fields | ForEach-Object { $_.Outcome.ToString() } | Sort-Object -Unique | Should -Be 'Parsed'
            $script:Warnings | Should -BeNullOrEmpty
            $hostname = $script:Fields | Where-Object Field -eq Hostname
            $hostname.Value | Should -Be 'meg2.example.com'
            $hostname.Line | Should -Be 10
            $hostname.Location | Should -Be 'System/Host name'
            $hostname.Source | Should -Be (Resolve-Path $script:TextCapture).Path
            ($script:Fields | Where-Object Field -eq NetworkState).Text | Should -Be 'Up'
            ($script:Fields | Where-Object Field -eq NetworkState).Value | Should -Be 'Online'
            ($script:Fields | Where-Object Field -eq Sync).Value | Should -Be 'Corrupt'
        }

        It 'puts the module type name first, for its view' {
            $script:Fields[0].PSObject.TypeNames[0] | Should -Be 'EmailGateway.DeviceProfileField'
        }

        It 'says where the reply was and which keys no field reads' {
            $verbose = Test-GatewayDeviceProfile $script:TextCapture $script:TextProfile -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            ($verbose.Message -join "`n") | Should -Match "reply to 'show system status' is on lines 7-28"
            ($verbose.Message -join "`n") | Should -Match 'keys no field reads: Console time'
        }

        It 'renders at 80 and at 120 columns, grouped by transcript' {
            foreach ($width in 80, 120) {
                $text = $script:Fields | Format-Table | Out-String -Width $width
                $text | Should -Not -Match '#ERR'
                $text | Should -Match 'Transcript: '
                $text | Should -Match 'Field\s+Outcome\s+Line\s+Location\s+Value'
                $text | Should -Match 'NetworkState\s+Parsed\s+21\s+Traffic interfaces/Link\s+Online'
                foreach ($line in $text -split "`r?`n") { $line.Length | Should -BeLessOrEqual $width }
            }
            $list = $script:Fields | Where-Object Field -eq Sync | Format-List | Out-String -Width 80
            foreach ($name in 'Source', 'Field', 'Key', 'Required', 'Outcome', 'Location', 'Line', 'Text', 'Value', 'Problem') { $list | Should -Match "(?m)^$name\s+:" }
        }

        It 'round-trips through JSON with names, not numbers' {
            $back = $script:Fields | ConvertTo-Json -Depth 3 -EnumsAsStrings | ConvertFrom-Json
            ($back | Where-Object Field -eq Mode).Outcome | Should -Be 'Parsed'
            ($back | Where-Object Field -eq Mode).Value | Should -Be 'Failover'
            ($back | Where-Object Field -eq ClusterId).Value | Should -Be 12
        }
    }

    Context 'profiles and transcripts that fall short' {
        It 'calls out unparsable and missing fields, and warns that the status cannot be read' {
            $capture = New-Capture 'short.txt' "hostname: meg9`nbuild: 7.6.4`ncluster: { mode: scanner, id: 300 }`n"
            $fields = @(Test-GatewayDeviceProfile -Transcript $capture -WarningVariable warnings -WarningAction SilentlyContinue)
            ($fields | Where-Object Field -eq ClusterId).Outcome | Should -Be 'Unparsable'
            ($fields | Where-Object Field -eq ClusterId).Problem | Should -Match "'300' is not a cluster identifier"
            ($fields | Where-Object Field -eq Sync).Outcome | Should -Be 'Missing'
            ($fields | Where-Object Field -eq MailQueue).Outcome | Should -Be 'Missing'
            ($fields | Where-Object Field -eq MailQueue).Value | Should -Be 0
            "$warnings" | Should -Match "cannot read this status: .*'cluster.id'.*The status has no 'network.state'"
            $table = $fields | Format-Table | Out-String -Width 80
            $table | Should -Match "ClusterId\s+Unparsable\s+3\s+cluster\.id\s+cannot read '300'"
            $table | Should -Match 'Sync\s+Missing\s+config\.sync\s+required, not found'
            $table | Should -Match 'MailQueue\s+Missing\s+mail\.queue\s+not found: 0'
            $table | Should -Match 'VirtualIp\s+Missing\s+cluster\.virtual_ip\s+not found: \(none\)'
        }

        It 'reads every file given down the pipeline, grouped by transcript' {
            $first = New-Capture 'a.txt' (Get-Content -Raw $script:TextCapture)
            $second = New-Capture 'b.txt' (Get-Content -Raw $script:TextCapture)
            $fields = @(Get-Item $first, $second | Test-GatewayDeviceProfile -DeviceProfile $script:TextProfile)
            $fields.Count | Should -Be 30
            @($fields.Source | Sort-Object -Unique) | Should -Be @($first, $second)
        }

        It 'writes a non-terminating error per bad transcript and goes on with the next' {
            $missing = Join-Path $TestDrive 'missing.txt'
            $noCommand = New-Capture 'other.txt' "meg2# show version`r`nFirmware 7.6.4`r`nmeg2# "
            $busy = New-Capture 'busy.txt' "meg2# show system status`r`n% Error: System busy - meg2 is rebooting`r`nmeg2# "
            $empty = New-Capture 'empty.txt' "`r`n"
            $fields = @(Test-GatewayDeviceProfile -Transcript $missing, $noCommand, $busy, $empty, $script:TextCapture -DeviceProfile $script:TextProfile -ErrorVariable failures -ErrorAction SilentlyContinue)
            $fields.Count | Should -Be 15
            $failures.FullyQualifiedErrorId | Should -Be @(
                'TestGatewayDeviceProfileTranscriptNotFound,EmailGateway.Commands.TestGatewayDeviceProfileCommand',
                'TestGatewayDeviceProfileTranscriptNoStatusCommand,EmailGateway.Commands.TestGatewayDeviceProfileCommand',
                'TestGatewayDeviceProfileTranscriptErrorReply,EmailGateway.Commands.TestGatewayDeviceProfileCommand',
                'TestGatewayDeviceProfileTranscriptEmpty,EmailGateway.Commands.TestGatewayDeviceProfileCommand')
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -Be $missing
            $failures[1].Exception.Message | Should -Match "none followed by the status command 'show system status'"
            $failures[2].Exception.Message | Should -Match 'busy: System busy - meg2 is rebooting'
            $failures[2].CategoryInfo.Category | Should -Be 'InvalidData'
        }

        It 'stops on a profile that is not valid, naming its file, line and key' {
            $badProfile = New-Capture 'bad.yaml' "name: bad`nstatus:`n  format: keyValue`n  hostname: System/Host name`n"
            $failure = { Test-GatewayDeviceProfile -Transcript $script:TextCapture -DeviceProfile $badProfile } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -Be 'TestGatewayDeviceProfileInvalidProfile,EmailGateway.Commands.TestGatewayDeviceProfileCommand'
            $failure.CategoryInfo.Category | Should -Be 'InvalidData'
            $failure.Exception.Message | Should -Match "bad\.yaml' is not valid: line \d+, status\.build: is required with format keyValue"
        }

        It 'stops New-GatewaySession on a profile that is not valid, before connecting and without a session' {
            $badProfile = New-Capture 'bad-session.yaml' "channel: shell`nerrors:`n  pattern: ''`n"
            $credential = [pscredential]::new('admin', (ConvertTo-SecureString 'not-used' -AsPlainText -Force))
            $before = @(Get-GatewaySession).Count
            $failure = { New-GatewaySession -ComputerName 127.0.0.1:9 -Credential $credential -DeviceProfile $badProfile } | Should -Throw -PassThru
            $failure.FullyQualifiedErrorId | Should -Be 'NewGatewaySessionInvalidDeviceProfile,EmailGateway.Commands.NewGatewaySessionCommand'
            $failure.Exception.Message | Should -Match 'bad-session\.yaml'' is not valid: line 3, errors\.pattern: a shell has no exit status'
            @(Get-GatewaySession).Count | Should -Be $before
        }

        It 'stops on a profile that does not exist' {
            $ids = Get-ErrorIds { Test-GatewayDeviceProfile -Transcript $script:TextCapture -DeviceProfile (Join-Path $TestDrive 'none.yaml') }
            $ids | Should -Be 'TestGatewayDeviceProfileProfileNotFound,EmailGateway.Commands.TestGatewayDeviceProfileCommand'
        }

        It 'refuses an empty transcript path before reading anything' {
            { Test-GatewayDeviceProfile -Transcript '' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,EmailGateway.Commands.TestGatewayDeviceProfileCommand'
        }
    }
}
