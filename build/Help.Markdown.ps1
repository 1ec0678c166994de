# Reads the per-cmdlet help sources under docs/cmdlets. Dot-sourced by New-MamlHelp.ps1 and by the
# Pester help specs, so both see the markdown the same way.

function ConvertTo-HelpParagraph {
    # Lines -> paragraphs: blank lines separate, list items stand alone, inline markup is dropped.
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $flush = { if ($current.Count) { $paragraphs.Add(($current -join ' ')); $current.Clear() } }
    $fence = $null
    foreach ($line in $Lines) {
        $text = $line.Trim()
        # A fenced block stays one paragraph with its lines and indentation kept.
        if ($text -match '^```') {
            if ($null -eq $fence) { & $flush; $fence = [System.Collections.Generic.List[string]]::new() }
            else { $paragraphs.Add(($fence -join "`n")); $fence = $null }
            continue
        }
        if ($null -ne $fence) { $fence.Add($line.TrimEnd()); continue }
        if ($text -eq '') { & $flush; continue }
        if ($text -match '^([-*]|\d+\.)\s+') { & $flush }
        $current.Add(($text -replace '\*\*|`', '' -replace '\[([^\]]+)\]\([^)]*\)', '$1'))
    }
    & $flush
    , $paragraphs.ToArray()
}

function Split-MarkdownSection {
    # Splits lines at headings of the given level ('##' or '###'); returns ordered title -> lines.
    param([string[]] $Lines, [string] $Marker)
    $sections = [ordered]@{}
    $title = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match "^$Marker\s+(.+?)\s*$") {
            $title = $Matches[1]
            $sections[$title] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($null -ne $title) { $sections[$title].Add($line) }
    }
    $sections
}

function Read-CmdletMarkdown {
    param([Parameter(Mandatory)] [string] $Path)
    $raw = Get-Content -LiteralPath $Path -Raw
    $skipReasons = @{}
    # Example skip markers are read before comments are dropped.
    $lines = $raw -split "`r?`n"
    $name = ($lines | Where-Object { $_ -match '^#\s+\S' } | Select-Object -First 1) -replace '^#\s+', ''
    $sections = Split-MarkdownSection $lines '##'

    $text = { param($title) if ($sections.Contains($title)) { ($sections[$title] -join "`n") -replace '(?s)<!--.*?-->', '' -split "`n" } else { @() } }

    $examples = foreach ($entry in (Split-MarkdownSection @($sections['EXAMPLES']) '###').GetEnumerator()) {
        $body = $entry.Value -join "`n"
        $skip = if ($body -match '<!--\s*skip-in-tests:\s*(.+?)\s*-->') { $Matches[1] } else { $null }
        $body = $body -replace '(?s)<!--.*?-->', ''
        $code = if ($body -match '(?s)```(?:powershell|pwsh|ps1)?\s*\n(.*?)\n```') { $Matches[1].TrimEnd() } else { '' }
        $remarks = ($body -replace '(?s)```.*?```', '') -split "`n"
        [pscustomobject]@{ Title = $entry.Key; Code = $code; Remarks = (ConvertTo-HelpParagraph $remarks); SkipReason = $skip }
    }

    $parameters = [ordered]@{}
    foreach ($entry in (Split-MarkdownSection (& $text 'PARAMETERS') '###').GetEnumerator()) {
        $parameters[$entry.Key.TrimStart('-')] = ConvertTo-HelpParagraph $entry.Value
    }

    $typed = {
        param($title)
        foreach ($entry in (Split-MarkdownSection (& $text $title) '###').GetEnumerator()) {
            [pscustomobject]@{ Name = $entry.Key; Paragraphs = (ConvertTo-HelpParagraph $entry.Value) }
        }
    }

    $links = foreach ($line in & $text 'RELATED LINKS') {
        if ($line -match '^\s*[-*]\s+\[([^\]]+)\]\(([^)]*)\)') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
        elseif ($line -match '^\s*[-*]\s+(\S.*)$') { [pscustomobject]@{ Text = $Matches[1].Trim(); Uri = '' } }
    }

    [pscustomobject]@{
        Name        = $name
        Path        = $Path
        Synopsis    = (ConvertTo-HelpParagraph (& $text 'SYNOPSIS')) -join ' '
        Description = ConvertTo-HelpParagraph (& $text 'DESCRIPTION')
        Examples    = @($examples)
        Parameters  = $parameters
        Inputs      = @(& $typed 'INPUTS')
        Outputs     = @(& $typed 'OUTPUTS')
        Notes       = ConvertTo-HelpParagraph (& $text 'NOTES')
        Links       = @($links)
    }
}

function Compare-CmdletMarkdown {
    # What is wrong between a help source and the real parameter names: one line per problem.
    param($Doc, [string[]] $ParameterNames)
    foreach ($name in $ParameterNames) {
        if (-not $Doc.Parameters.Contains($name)) { "parameter -$name is not documented in $($Doc.Path)" }
        elseif (-not ($Doc.Parameters[$name] -join '').Trim()) { "parameter -$name has an empty description in $($Doc.Path)" }
    }
    foreach ($name in $Doc.Parameters.Keys) {
        if ($name -notin $ParameterNames) { "$($Doc.Path) documents -$name, which the cmdlet does not have" }
    }
    if (-not $Doc.Synopsis) { "$($Doc.Path) has no synopsis" }
    if (-not $Doc.Description) { "$($Doc.Path) has no description" }
    if ($Doc.Examples.Count -lt 2) { "$($Doc.Path) has $($Doc.Examples.Count) example(s); at least two are expected" }
}
