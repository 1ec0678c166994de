<#
.SYNOPSIS
    Writes the module's MAML help (EmailGateway.dll-Help.xml) from docs/cmdlets/<Verb-Noun>.md.
.DESCRIPTION
    The prose (synopsis, description, parameter descriptions, inputs, outputs, examples, notes, links)
    comes from one markdown file per cmdlet. Everything about the signature (parameter sets, types,
    mandatory, position, pipeline input, wildcards, aliases, enum values, defaults) is read from the
    built module itself, in a child PowerShell process, so the help can never describe a signature
    the code does not have.

    A cmdlet without a markdown file, a parameter without a description, or a documented parameter
    the cmdlet no longer has, is reported as a warning (the Pester help specs fail on them); the help
    is still written so that a build never breaks on documentation alone.

    Markdown shape (see any file under docs/cmdlets):
      # Verb-Noun
      ## SYNOPSIS / ## DESCRIPTION / ## EXAMPLES (### Example N: title, a ```powershell block, remarks)
      ## PARAMETERS (### -Name, then its description) / ## INPUTS / ## OUTPUTS (### Type name, then text)
      ## NOTES / ## RELATED LINKS (- [text](uri) or - text)
    HTML comments are dropped; <!-- skip-in-tests: reason --> under an example heading tells the help
    specs why that example cannot run against the lab.
.EXAMPLE
    ./build/New-MamlHelp.ps1 -DocsPath ./docs/cmdlets -OutputPath ./out/EmailGateway/en-US/EmailGateway.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    # The built module folder (holding EmailGateway.psd1); by default the parent of the output's folder.
    [string] $ModulePath = (Split-Path (Split-Path $OutputPath -Parent) -Parent)
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'Help.Markdown.ps1')

function Invoke-ChildPwsh {
    # A child PowerShell of the same version (pwsh itself, or the dotnet tool's pwsh.dll); returns its output.
    param([string[]] $ArgumentList)
    $native = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (Test-Path $native) { & $native @ArgumentList }
    else { & dotnet (Join-Path $PSHOME 'pwsh.dll') @ArgumentList }
}

function Get-ModuleSignature {
    # Reads every exported cmdlet's real signature in a child process (no module stays loaded here).
    param([string] $ModulePath)
    $reader = {
        param($Manifest)
        $ErrorActionPreference = 'Stop'
        $module = Import-Module $Manifest -PassThru
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + 'UseTransaction'
        foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
            $instance = try { [Activator]::CreateInstance($command.ImplementingType) } catch { $null }
            $parameters = foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
                $type = $parameter.ParameterType
                $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
                $default = $null
                # A parameter that is mandatory in every set has no default worth showing (an enum's first value is not one).
                $alwaysMandatory = -not ($parameter.ParameterSets.Values | Where-Object { -not $_.IsMandatory })
                if ($instance -and -not $alwaysMandatory -and $parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                    $property = $command.ImplementingType.GetProperty($parameter.Name)
                    if ($property) { $default = $property.GetValue($instance) }
                }
                [ordered]@{
                    Name      = $parameter.Name
                    Type      = $type.FullName
                    ShortType = ($type.Name -replace '`\d+', '')
                    IsSwitch  = $type -eq [System.Management.Automation.SwitchParameter]
                    EnumNames = @(if ($element.IsEnum) { [Enum]::GetNames($element) })
                    Aliases   = @($parameter.Aliases)
                    Globbing  = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                    Default   = if ($null -eq $default -or ($default -is [array] -and $default.Count -eq 0)) { $null } else { "$default" }
                }
            }
            $sets = foreach ($set in $command.ParameterSets) {
                [ordered]@{
                    Name       = $set.Name
                    IsDefault  = $set.IsDefault
                    Parameters = @(foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
                            [ordered]@{
                                Name                            = $p.Name
                                IsMandatory                     = $p.IsMandatory
                                Position                        = $p.Position
                                ValueFromPipeline               = $p.ValueFromPipeline
                                ValueFromPipelineByPropertyName = $p.ValueFromPipelineByPropertyName
                            }
                        })
                }
            }
            [ordered]@{
                Name        = $command.Name
                Verb        = $command.Verb
                Noun        = $command.Noun
                Parameters  = @($parameters)
                Sets        = @($sets | Sort-Object { -not $_.IsDefault }, { $_.Name })
                OutputTypes = @($command.OutputType.Name)
            }
        }
    }
    $manifest = Join-Path $ModulePath 'EmailGateway.psd1'
    if (-not (Test-Path $manifest)) { throw "No built module at '$ModulePath' (EmailGateway.psd1 missing)." }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes(
            "& { $reader } '$($manifest -replace "'", "''")' | ConvertTo-Json -Depth 8 -Compress"))
    $json = Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
    if ($LASTEXITCODE) { throw "Reading the module's signatures failed (exit $LASTEXITCODE)." }
    @(($json -join "`n") | ConvertFrom-Json)
}

function Add-Element {
    # Appends <prefix:name>text</prefix:name> (or an empty element) and returns it.
    param([System.Xml.XmlNode] $Parent, [string] $QualifiedName, [string] $Text, [hashtable] $Attributes)
    $prefix, $local = $QualifiedName.Split(':')
    $element = $Parent.OwnerDocument.CreateElement($prefix, $local, $script:Namespaces[$prefix])
    if ($Attributes) { foreach ($key in $Attributes.Keys | Sort-Object) { $element.SetAttribute($key, [string]$Attributes[$key]) } }
    if ($PSBoundParameters.ContainsKey('Text')) { $element.InnerText = $Text }
    [void]$Parent.AppendChild($element)
    $element
}

function Add-Paragraphs {
    param([System.Xml.XmlNode] $Parent, [string[]] $Paragraphs)
    $description = Add-Element $Parent 'maml:description'
    if (-not $Paragraphs) { [void](Add-Element $description 'maml:para' '') }
    foreach ($paragraph in $Paragraphs) { [void](Add-Element $description 'maml:para' $paragraph) }
}

function Get-PipelineInput([object[]] $Usages) {
    $kinds = @()
    if ($Usages | Where-Object ValueFromPipeline) { $kinds += 'ByValue' }
    if ($Usages | Where-Object ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Add-ParameterElement {
    param([System.Xml.XmlNode] $Parent, $Parameter, [object[]] $Usages, [string[]] $Description, [switch] $InSyntax)
    $positions = @($Usages | Where-Object { $_.Position -ge 0 } | ForEach-Object Position | Select-Object -Unique)
    $attributes = @{
        required      = ([bool](@($Usages | Where-Object IsMandatory).Count -eq $Usages.Count)).ToString().ToLowerInvariant()
        variableLength = 'true'
        globbing      = $Parameter.Globbing.ToString().ToLowerInvariant()
        pipelineInput = Get-PipelineInput $Usages
        position      = if ($positions.Count -eq 1) { [string]$positions[0] } else { 'named' }
        aliases       = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }
    }
    $element = Add-Element $Parent 'command:parameter' -Attributes $attributes
    [void](Add-Element $element 'maml:name' $Parameter.Name)
    Add-Paragraphs $element $Description
    if ($InSyntax -and $Parameter.EnumNames.Count) {
        $group = Add-Element $element 'command:parameterValueGroup'
        foreach ($value in $Parameter.EnumNames) {
            [void](Add-Element $group 'command:parameterValue' $value @{ required = 'false'; variableLength = 'false' })
        }
    }
    elseif (-not $Parameter.IsSwitch) {
        [void](Add-Element $element 'command:parameterValue' $Parameter.ShortType @{ required = 'true'; variableLength = 'false' })
    }
    $type = Add-Element $element 'dev:type'
    [void](Add-Element $type 'maml:name' $Parameter.Type)
    [void](Add-Element $type 'maml:uri')
    $default = if ($Parameter.IsSwitch) { 'False' } elseif ($null -ne $Parameter.Default) { $Parameter.Default } else { 'None' }
    [void](Add-Element $element 'dev:defaultValue' $default)
}

function Add-CommandElement {
    param([System.Xml.XmlNode] $Root, $Signature, $Doc)
    $command = Add-Element $Root 'command:command'
    $details = Add-Element $command 'command:details'
    [void](Add-Element $details 'command:name' $Signature.Name)
    [void](Add-Element $details 'command:verb' $Signature.Verb)
    [void](Add-Element $details 'command:noun' $Signature.Noun)
    Add-Paragraphs $details @($Doc.Synopsis)
    Add-Paragraphs $command $Doc.Description

    $syntax = Add-Element $command 'command:syntax'
    foreach ($set in $Signature.Sets) {
        $item = Add-Element $syntax 'command:syntaxItem'
        [void](Add-Element $item 'maml:name' $Signature.Name)
        # Positional parameters first, in position order, then the rest as declared: how Get-Command shows them.
        $ordered = @($set.Parameters | Sort-Object @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ Expression = { $_.IsMandatory }; Descending = $true })
        foreach ($usage in $ordered) {
            $parameter = $Signature.Parameters | Where-Object Name -eq $usage.Name
            Add-ParameterElement $item $parameter @($usage) $Doc.Parameters[$usage.Name] -InSyntax
        }
    }

    $parameters = Add-Element $command 'command:parameters'
    foreach ($parameter in $Signature.Parameters | Sort-Object Name) {
        $usages = @($Signature.Sets | ForEach-Object { $_.Parameters | Where-Object Name -eq $parameter.Name })
        Add-ParameterElement $parameters $parameter $usages $Doc.Parameters[$parameter.Name]
    }

    $inputs = Add-Element $command 'command:inputTypes'
    foreach ($entry in $Doc.Inputs) {
        $inputType = Add-Element $inputs 'command:inputType'
        $type = Add-Element $inputType 'dev:type'
        [void](Add-Element $type 'maml:name' $entry.Name)
        Add-Paragraphs $inputType $entry.Paragraphs
    }
    $outputs = Add-Element $command 'command:returnValues'
    foreach ($entry in $Doc.Outputs) {
        $returnValue = Add-Element $outputs 'command:returnValue'
        $type = Add-Element $returnValue 'dev:type'
        [void](Add-Element $type 'maml:name' $entry.Name)
        Add-Paragraphs $returnValue $entry.Paragraphs
    }

    $alerts = Add-Element $command 'maml:alertSet'
    foreach ($paragraph in $Doc.Notes) { [void](Add-Element (Add-Element $alerts 'maml:alert') 'maml:para' $paragraph) }

    $examples = Add-Element $command 'command:examples'
    foreach ($example in $Doc.Examples) {
        $node = Add-Element $examples 'command:example'
        [void](Add-Element $node 'maml:title' "-------------------------- $($example.Title) --------------------------")
        [void](Add-Element $node 'dev:code' $example.Code)
        $remarks = Add-Element $node 'dev:remarks'
        foreach ($paragraph in $example.Remarks) { [void](Add-Element $remarks 'maml:para' $paragraph) }
    }

    $links = Add-Element $command 'command:relatedLinks'
    foreach ($link in $Doc.Links) {
        $navigation = Add-Element $links 'maml:navigationLink'
        [void](Add-Element $navigation 'maml:linkText' $link.Text)
        [void](Add-Element $navigation 'maml:uri' $link.Uri)
    }
}

$script:Namespaces = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

$signatures = Get-ModuleSignature -ModulePath $ModulePath
$document = [System.Xml.XmlDocument]::new()
[void]$document.AppendChild($document.CreateXmlDeclaration('1.0', 'utf-8', $null))
$root = $document.CreateElement('helpItems', 'http://msh')
$root.SetAttribute('schema', 'maml')
foreach ($prefix in $script:Namespaces.Keys | Sort-Object) { $root.SetAttribute("xmlns:$prefix", $script:Namespaces[$prefix]) }
[void]$document.AppendChild($root)

$documented = 0
foreach ($signature in $signatures) {
    $file = Join-Path $DocsPath "$($signature.Name).md"
    if (-not (Test-Path $file)) {
        Write-Warning "No help source for $($signature.Name) ($file)."
        continue
    }
    $doc = Read-CmdletMarkdown -Path $file
    foreach ($problem in Compare-CmdletMarkdown -Doc $doc -ParameterNames @($signature.Parameters.Name)) { Write-Warning "$($signature.Name): $problem" }
    Add-CommandElement -Root $root -Signature $signature -Doc $doc
    $documented++
}
foreach ($orphan in Get-ChildItem $DocsPath -Filter '*-*.md' | Where-Object { $_.BaseName -notin $signatures.Name }) {
    Write-Warning "Help source $($orphan.Name) describes a cmdlet the module does not export."
}

New-Item -ItemType Directory -Path (Split-Path $OutputPath -Parent) -Force | Out-Null
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
try { $document.Save($writer) } finally { $writer.Dispose() }
Write-Verbose "Wrote help for $documented of $($signatures.Count) cmdlets to $OutputPath"
