# Shared by the scripts under bench/: medians, interleaved runs, the machine's load, and the one place
# that writes a section of docs/benchmarks.md. Figures from a loaded machine are printed, never published.

Set-StrictMode -Version Latest

function Get-BenchMedian {
    [CmdletBinding()]
    [OutputType([double])]
    param([Parameter(Mandatory)][double[]] $Values)
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { throw 'Get-BenchMedian: no values.' }
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return [double]$sorted[$middle] }
    ([double]$sorted[$middle - 1] + [double]$sorted[$middle]) / 2
}

function Measure-BenchSeconds {
    # Wall-clock seconds of one run of $Action; its output is discarded.
    [CmdletBinding()]
    [OutputType([double])]
    param([Parameter(Mandatory)][scriptblock] $Action)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Action
    $watch.Stop()
    $watch.Elapsed.TotalSeconds
}

function Get-BenchLoad {
    # The 1, 5 and 15 minute load averages and the core count. Where /proc/loadavg is missing the load
    # is unknown ($null), and a run there is never published.
    [CmdletBinding()]
    param()
    $averages = $null
    if (Test-Path /proc/loadavg) {
        $fields = (Get-Content /proc/loadavg -Raw).Split(' ')
        $averages = @($fields[0..2] | ForEach-Object { [double]::Parse($_, [Globalization.CultureInfo]::InvariantCulture) })
    }
    [pscustomobject]@{
        PSTypeName = 'EmailGateway.Bench.Load'
        One        = if ($averages) { $averages[0] } else { $null }
        Five       = if ($averages) { $averages[1] } else { $null }
        Fifteen    = if ($averages) { $averages[2] } else { $null }
        Cores      = [Environment]::ProcessorCount
        Text       = if ($averages) { ($averages | ForEach-Object { $_.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture) }) -join ' ' } else { 'unknown' }
    }
}

function Test-BenchQuiet {
    # A machine is quiet when its one-minute load average does not exceed its core count.
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] $Load)
    $null -ne $Load.One -and $Load.One -le $Load.Cores
}

function Invoke-BenchInterleaved {
    <#
    .SYNOPSIS
        Runs every client once per round, in the same order each round (A B C A B C ...), so that a change
        in the machine's load touches all clients alike. Returns one object per client with its runs,
        median, and the load average before and after each run.
    .PARAMETER Clients
        An ordered dictionary: client name -> script block. A script block may return a [double] of its
        own (seconds it measured itself); otherwise its wall-clock time is taken.
    .PARAMETER Setup
        Optional per-client script blocks run before each of that client's runs, outside the timing.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)][System.Collections.IDictionary] $Clients,
        [Parameter(Mandatory)][ValidateRange(1, 1000)][int] $Rounds,
        [System.Collections.IDictionary] $Setup = @{},
        [switch] $Warmup
    )
    $names = @($Clients.Keys)
    $runs = [ordered]@{}
    $loads = [ordered]@{}
    foreach ($name in $names) { $runs[$name] = [Collections.Generic.List[double]]::new(); $loads[$name] = [Collections.Generic.List[object]]::new() }
    if ($Warmup) {
        foreach ($name in $names) {
            if ($Setup.Contains($name)) { $null = & $Setup[$name] }
            $null = & $Clients[$name]
        }
    }
    for ($round = 1; $round -le $Rounds; $round++) {
        foreach ($name in $names) {
            if ($Setup.Contains($name)) { $null = & $Setup[$name] }
            $before = Get-BenchLoad
            $measured = $null
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $output = @(& $Clients[$name])
            $watch.Stop()
            if ($output.Count -gt 0 -and $output[-1] -is [double]) { $measured = [double]$output[-1] }
            $after = Get-BenchLoad
            $runs[$name].Add($(if ($null -ne $measured) { $measured } else { $watch.Elapsed.TotalSeconds }))
            $loads[$name].Add([pscustomobject]@{ Before = $before.Text; After = $after.Text })
            Write-Verbose ("round {0} {1}: {2:0.000} s (load {3} -> {4})" -f $round, $name, $runs[$name][-1], $before.Text, $after.Text)
        }
    }
    foreach ($name in $names) {
        [pscustomobject]@{
            PSTypeName = 'EmailGateway.Bench.ClientRuns'
            Client     = $name
            Runs       = $runs[$name].ToArray()
            Median     = Get-BenchMedian $runs[$name].ToArray()
            Loads      = $loads[$name].ToArray()
        }
    }
}

function Get-BenchRatio {
    # The median of per-round ratios A[i] / B[i]: each ratio compares two runs made moments apart.
    [CmdletBinding()]
    [OutputType([double])]
    param([Parameter(Mandatory)] $Numerator, [Parameter(Mandatory)] $Denominator)
    $count = [Math]::Min($Numerator.Runs.Count, $Denominator.Runs.Count)
    if ($count -eq 0) { throw 'Get-BenchRatio: no runs.' }
    Get-BenchMedian @(for ($i = 0; $i -lt $count; $i++) { $Numerator.Runs[$i] / $Denominator.Runs[$i] })
}

function Format-BenchNumber {
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)][double] $Value, [string] $Format = '0.00')
    $Value.ToString($Format, [Globalization.CultureInfo]::InvariantCulture)
}

function Format-BenchTarget {
    # One row's verdict: 'met' or 'MISSED', so a missed target is said plainly beside its figure.
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)][double] $Value, [Parameter(Mandatory)][double] $Limit, [ValidateSet('AtMost', 'AtLeast')][string] $Kind = 'AtMost')
    $met = if ($Kind -eq 'AtMost') { $Value -le $Limit } else { $Value -ge $Limit }
    if ($met) { 'met' } else { 'MISSED' }
}

function Publish-BenchSection {
    <#
    .SYNOPSIS
        Replaces the section between <!-- <Name>:begin --> and <!-- <Name>:end --> in docs/benchmarks.md
        (appending it when absent), but only when the load average at the start of the measurement did
        not exceed the core count. Otherwise prints the section and says why it was not written.
        Returns $true when written.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory)][string] $Root,
        [Parameter(Mandatory)][ValidatePattern('^[a-z0-9-]+$')][string] $Name,
        [Parameter(Mandatory)][string] $Body,
        [Parameter(Mandatory)] $LoadAtStart,
        [switch] $Force
    )
    $begin = "<!-- ${Name}:begin -->"
    $end = "<!-- ${Name}:end -->"
    $loadAtEnd = Get-BenchLoad
    $stamp = "Load average at the start: $($LoadAtStart.Text); at the end: $($loadAtEnd.Text) ($($LoadAtStart.Cores) cores)."
    $section = "$begin`n$($Body.TrimEnd())`n`n$stamp`n$end"
    Write-Host $section
    if (-not $Force -and -not (Test-BenchQuiet $LoadAtStart)) {
        Write-Warning "Not written to docs/benchmarks.md: the load average at the start ($($LoadAtStart.Text)) exceeds the core count ($($LoadAtStart.Cores)), so these figures say more about the machine than about the code. Run again on a quiet machine."
        return $false
    }
    $file = Join-Path $Root 'docs/benchmarks.md'
    $text = if (Test-Path $file) { Get-Content $file -Raw } else { "# Benchmarks`n" }
    $pattern = [regex]::Escape($begin) + '[\s\S]*?' + [regex]::Escape($end)
    $text = if ($text -match $pattern) { [regex]::Replace($text, $pattern, { param($m) $section }) } else { $text.TrimEnd() + "`n`n" + $section + "`n" }
    Set-Content -Path $file -Value ($text.TrimEnd() + "`n") -NoNewline
    Write-Host "Wrote the $Name section of $file"
    $true
}

Export-ModuleMember -Function Get-BenchMedian, Measure-BenchSeconds, Get-BenchLoad, Test-BenchQuiet, Invoke-BenchInterleaved,
    Get-BenchRatio, Format-BenchNumber, Format-BenchTarget, Publish-BenchSection
