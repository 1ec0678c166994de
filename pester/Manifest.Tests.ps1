BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:ManifestPath = Join-Path $script:ModuleDir 'EmailGateway.psd1'
    $script:Data = Import-PowerShellDataFile $script:ManifestPath
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest $script:ManifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'declares both editions and Windows PowerShell 5.1 as the minimum' {
        $script:Data.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        [version]$script:Data.PowerShellVersion | Should -Be ([version]'5.1')
    }

    It 'exports exactly the classes that carry [Cmdlet], listed explicitly' {
        $assembly = (Get-Module EmailGateway).ImplementingAssembly
        $declared = foreach ($type in $assembly.GetExportedTypes()) {
            $attribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
            if ($attribute -and -not $type.IsAbstract) { "$($attribute.VerbName)-$($attribute.NounName)" }
        }
        $listed = @($script:Data.CmdletsToExport)
        $listed | Should -Not -Contain '*'
        $listed | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        ($listed | Sort-Object) | Should -Be ($declared | Sort-Object)
        ((Get-Command -Module EmailGateway -CommandType Cmdlet).Name | Sort-Object) | Should -Be ($declared | Sort-Object)
    }

    It 'writes every list as one comma-separated expression, so that Import-Module reads it without compiling it' {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:ManifestPath, [ref]$null, [ref]$null)
        $lists = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.ArrayExpressionAst] }, $true))
        $lists.Count | Should -BeGreaterThan 0
        foreach ($list in $lists) {
            $list.SubExpression.Statements.Count | Should -BeLessOrEqual 1 -Because "$($list.Extent.Text) holds one value per statement"
        }
    }

    It 'exports no functions, variables or aliases by wildcard' {
        $script:Data.FunctionsToExport | Should -BeNullOrEmpty
        $script:Data.VariablesToExport | Should -BeNullOrEmpty
        $script:Data.AliasesToExport | Should -BeNullOrEmpty
    }

    It 'names the format file, and the file is shipped' {
        $script:Data.FormatsToProcess | Should -Contain 'EmailGateway.format.ps1xml'
        foreach ($file in $script:Data.FormatsToProcess) { Join-Path $script:ModuleDir $file | Should -Exist }
    }

    It 'carries a version, a description, tags, project and licence links' {
        [version]$script:Data.ModuleVersion | Should -BeGreaterThan ([version]'0.0')
        $script:Data.Description.Length | Should -BeGreaterThan 40
        $psData = $script:Data.PrivateData.PSData
        $psData.Tags | Should -Contain 'KB80406'
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        foreach ($link in $psData.ProjectUri, $psData.LicenseUri) {
            $uri = [uri]$link
            $uri.IsAbsoluteUri | Should -BeTrue -Because $link
            $uri.Scheme | Should -Be 'https'
            # Names reserved for examples and tests (RFC 2606) never lead to the project.
            $uri.Host | Should -Not -Match '(^|\.)(example(\.(com|net|org))?|invalid|test|localhost)$'
        }
    }

    It 'ships the release notes of its version from CHANGELOG.md, and the licence' {
        $changelog = Get-Content (Join-Path $PSScriptRoot '../CHANGELOG.md') -Raw
        $version = [regex]::Escape($script:Data.ModuleVersion)
        $section = [regex]::Match($changelog, "(?ms)^## \[$version\][^\n]*\n(.*?)(?=^## |\z)")
        $section.Success | Should -BeTrue -Because "CHANGELOG.md needs a section for $($script:Data.ModuleVersion)"
        $script:Data.PrivateData.PSData.ReleaseNotes.Trim() | Should -Be $section.Groups[1].Value.Trim()
        Join-Path $script:ModuleDir 'LICENSE' | Should -FileContentMatch '^MIT License'
    }

    It 'matches the assembly version' {
        $assembly = (Get-Module EmailGateway).ImplementingAssembly
        $assembly.GetName().Version.ToString(3) | Should -Be ([version]$script:Data.ModuleVersion).ToString(3)
    }
}
