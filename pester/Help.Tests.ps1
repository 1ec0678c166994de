BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot '../build/Help.Markdown.ps1')
    $docs = Join-Path $PSScriptRoot '../docs/cmdlets'
    $script:Cmdlets = @(Get-Command -Module EmailGateway -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
    $script:Examples = foreach ($file in Get-ChildItem $docs -Filter '*-*.md' | Sort-Object Name) {
        $doc = Read-CmdletMarkdown -Path $file.FullName
        $index = 0
        foreach ($example in $doc.Examples) {
            $index++
            @{ Cmdlet = $doc.Name; Title = $example.Title; Code = $example.Code; SkipReason = $example.SkipReason }
        }
    }
    $script:AboutTopics = @('about_EmailGateway', 'about_EmailGateway_Upgrade', 'about_EmailGateway_Lab', 'about_EmailGateway_DeviceProfiles') | ForEach-Object { @{ Topic = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot '../build/Help.Markdown.ps1')
    $script:DocsPath = Join-Path $PSScriptRoot '../docs/cmdlets'
    $script:CommonParameterNames = [System.Management.Automation.Cmdlet]::CommonParameters + 'UseTransaction'

    function Invoke-HelpExample {
        # Runs one example in a runspace of its own (so with no lab or session but its own), in an empty folder.
        # Confirmation is off, as in a scheduled script; any error (terminating or not) fails the example.
        param([string] $Code, [string] $WorkDirectory)
        $ps = [powershell]::Create()
        try {
            $manifest = Join-Path $script:ModuleDir 'EmailGateway.psd1'
            $setup = @"
Import-Module '$($manifest -replace "'", "''")'
Set-Location -LiteralPath '$($WorkDirectory -replace "'", "''")'
`$ConfirmPreference = 'None'
`$ProgressPreference = 'SilentlyContinue'
`$ErrorActionPreference = 'Stop'
"@
            [void]$ps.AddScript($setup).AddStatement().AddScript("& {`n$Code`n} | Out-String -Width 200")
            $output = $ps.Invoke()
            [pscustomobject]@{
                Output = ($output | Out-String)
                Errors = @($ps.Streams.Error | ForEach-Object { "$_ ($($_.FullyQualifiedErrorId))" })
            }
        }
        finally {
            # Closing the runspace removes the labs and sessions the example made there.
            $ps.Dispose()
        }
    }
}

Describe 'Help of <Name>' -ForEach $script:Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
        $script:SourcePath = Join-Path $script:DocsPath "$Name.md"
    }

    It 'has a help source under docs/cmdlets' {
        $script:SourcePath | Should -Exist
    }

    It 'has a synopsis written for it, not the generated syntax line' {
        $synopsis = "$($script:Help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)"
        $synopsis | Should -Not -Match '\[<CommonParameters>\]'
    }

    It 'has a description' {
        ($script:Help.Description.Text -join ' ').Length | Should -BeGreaterThan 80
    }

    It 'has at least two examples, each with code and an explanation' {
        $examples = @($script:Help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents every parameter of the real signature, and nothing that is gone' {
        $real = @($script:Command.Parameters.Keys | Where-Object { $_ -notin $script:CommonParameterNames } | Sort-Object)
        $doc = Read-CmdletMarkdown -Path $script:SourcePath
        @($doc.Parameters.Keys | Sort-Object) | Should -Be $real
        Compare-CmdletMarkdown -Doc $doc -ParameterNames $real | Should -BeNullOrEmpty
        $helped = @($script:Help.Parameters.Parameter)
        foreach ($name in $real) {
            $entry = $helped | Where-Object Name -eq $name
            $entry | Should -Not -BeNullOrEmpty -Because "Get-Help $Name should list -$name"
            ($entry.Description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }

    It 'shows every parameter set of the real signature in its syntax' {
        @($script:Help.Syntax.SyntaxItem).Count | Should -Be @($script:Command.ParameterSets).Count
    }

    It 'documents its inputs and outputs' {
        @($script:Help.InputTypes.InputType).Count | Should -BeGreaterOrEqual 1
        @($script:Help.ReturnValues.ReturnValue).Count | Should -BeGreaterOrEqual 1
        foreach ($declared in $script:Command.OutputType.Name) {
            $script:Help.ReturnValues.ReturnValue.Type.Name | Should -Contain $declared -Because 'every [OutputType] should be described'
        }
    }
}

Describe 'Help sources' {
    It 'describe only cmdlets the module exports' {
        $exported = (Get-Command -Module EmailGateway -CommandType Cmdlet).Name
        foreach ($file in Get-ChildItem $script:DocsPath -Filter '*-*.md') { $exported | Should -Contain $file.BaseName }
    }
}

Describe 'Example "<Title>" of <Cmdlet>' -ForEach $script:Examples {
    It 'runs against a fresh lab without error' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $Code | Should -Not -BeNullOrEmpty
        $work = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $work | Out-Null
        $result = Invoke-HelpExample -Code $Code -WorkDirectory $work
        $result.Errors | Should -BeNullOrEmpty
        $result.Output | Should -Not -Match '#ERR' -Because 'no view column may fail to render'
    }
}

Describe '<Topic>' -ForEach $script:AboutTopics {
    It 'is shipped and shown by Get-Help' {
        Join-Path $script:ModuleDir "en-US/$Topic.help.txt" | Should -Exist
        $text = Get-Help $Topic | Out-String
        $text | Should -Match ([regex]::Escape($Topic))
        $text.Length | Should -BeGreaterThan 1000
    }
}
