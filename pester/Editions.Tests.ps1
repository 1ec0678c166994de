# The per-edition dependency folders: what each holds, for which framework (read from the assemblies'
# metadata, not their file names), and that every reference binds where that edition runs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    $script:Core = Join-Path $script:ModuleDir 'dependencies/core'
    $script:Desktop = Join-Path $script:ModuleDir 'dependencies/desktop'
    # Libraries the module calls, and the one they all lean on; each must be in both folders.
    $script:Libraries = 'Renci.SshNet', 'YamlDotNet', 'DnsClient', 'MailKit', 'MimeKit', 'Microsoft.Extensions.Logging.Abstractions', 'BouncyCastle.Cryptography'
    # BouncyCastle ships no build newer than net6.0; every other library ships a net8.0 one.
    $script:NoNet8Build = 'BouncyCastle.Cryptography'

    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:Net472 = Join-Path $packages 'microsoft.netframework.referenceassemblies.net472/1.0.3/build/.NETFramework/v4.7.2'
    if (-not (Test-Path $script:Net472)) {
        & dotnet restore (Join-Path $PSScriptRoot '../tools/PesterRestore/PesterRestore.csproj') --nologo -v q | Out-Host
    }

    function Get-AssemblyMetadata([string] $Path) {
        # Name, version, [TargetFramework] and references of an assembly, without loading it; $null for a
        # file that is not an assembly.
        $stream = [IO.File]::OpenRead($Path)
        try {
            $pe = [Reflection.PortableExecutable.PEReader]::new($stream)
            if (-not $pe.HasMetadata) { return $null }
            $reader = [Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            if (-not $reader.IsAssembly) { return $null }
            $definition = $reader.GetAssemblyDefinition()
            $framework = $null
            foreach ($handle in $definition.GetCustomAttributes()) {
                $attribute = $reader.GetCustomAttribute($handle)
                if ($attribute.Constructor.Kind -ne [Reflection.Metadata.HandleKind]::MemberReference) { continue }
                $constructor = $reader.GetMemberReference([Reflection.Metadata.MemberReferenceHandle]$attribute.Constructor)
                if ($constructor.Parent.Kind -ne [Reflection.Metadata.HandleKind]::TypeReference) { continue }
                $type = $reader.GetTypeReference([Reflection.Metadata.TypeReferenceHandle]$constructor.Parent)
                if ($reader.GetString($type.Name) -ne 'TargetFrameworkAttribute') { continue }
                $blob = $reader.GetBlobReader($attribute.Value)
                $null = $blob.ReadUInt16()   # the custom attribute prolog
                $framework = $blob.ReadSerializedString()
            }
            [pscustomobject]@{
                Name       = $reader.GetString($definition.Name)
                Version    = $definition.Version
                Framework  = $framework
                References = @(foreach ($r in $reader.AssemblyReferences) {
                        $reference = $reader.GetAssemblyReference($r)
                        [pscustomobject]@{ Name = $reader.GetString($reference.Name); Version = $reference.Version }
                    })
            }
        }
        finally { $stream.Dispose() }
    }

    function Get-Folder([string[]] $Path) {
        # name -> metadata of every assembly directly in the folders
        $map = @{}
        foreach ($file in Get-ChildItem $Path -Filter '*.dll' -File) {
            $metadata = Get-AssemblyMetadata $file.FullName
            if ($metadata) { $map[$metadata.Name] = $metadata }
        }
        $map
    }

    function Get-UnboundReferences([hashtable] $Shipped, [hashtable] $Framework, [string[]] $Exempt) {
        # References that neither the module nor the framework can satisfy at the version asked for.
        foreach ($assembly in $Shipped.Values) {
            foreach ($reference in $assembly.References) {
                if ($reference.Name -in $Exempt) { continue }
                $available = if ($Shipped.ContainsKey($reference.Name)) { $Shipped[$reference.Name] } else { $Framework[$reference.Name] }
                if (-not $available) { "$($assembly.Name) -> $($reference.Name) $($reference.Version): not found" }
                elseif ($available.Version -lt $reference.Version) { "$($assembly.Name) -> $($reference.Name) $($reference.Version): only $($available.Version)" }
            }
        }
    }

    $script:CoreAssemblies = Get-Folder $script:Core
    $script:DesktopAssemblies = Get-Folder $script:Desktop
    $script:ModuleAssemblies = Get-Folder $script:ModuleDir
}

Describe 'Per-edition dependency folders' {
    It 'holds every library in both folders, and nothing third-party beside the manifest' {
        foreach ($library in $script:Libraries) {
            $script:CoreAssemblies.Keys | Should -Contain $library
            $script:DesktopAssemblies.Keys | Should -Contain $library
        }
        $script:ModuleAssemblies.Keys | Where-Object { $_ -notlike 'EmailGateway*' } | Should -BeNullOrEmpty
    }

    It 'gives PowerShell 7 the net8.0 builds of every library that ships one' {
        foreach ($library in $script:Libraries | Where-Object { $_ -notin $script:NoNet8Build }) {
            $script:CoreAssemblies[$library].Framework | Should -Be '.NETCoreApp,Version=v8.0' -Because $library
        }
        foreach ($library in $script:NoNet8Build) {
            $script:CoreAssemblies[$library].Framework | Should -BeLike '.NETCoreApp,Version=v*' -Because $library
        }
    }

    It 'holds no .NET Standard or .NET Framework build in the PowerShell 7 folder' {
        $script:CoreAssemblies.Values | Where-Object Framework -notlike '.NETCoreApp,*' |
            ForEach-Object { "$($_.Name) [$($_.Framework)]" } | Should -BeNullOrEmpty
    }

    It 'gives Windows PowerShell 5.1 the netstandard2.0 builds of the libraries' {
        foreach ($library in $script:Libraries) {
            $script:DesktopAssemblies[$library].Framework | Should -Be '.NETStandard,Version=v2.0' -Because $library
        }
    }

    It 'holds nothing in the Windows PowerShell folder that .NET Framework 4.7.2 cannot run' {
        # Older polyfill assemblies carry no [TargetFramework]; they were built for .NET Standard 1.x or 2.0.
        $script:DesktopAssemblies.Values |
            Where-Object { $_.Framework -and $_.Framework -notmatch '^\.NET(Standard,Version=v(1\.\d|2\.0)|Framework,Version=v4\.([0-6](\.\d)?|7(\.[0-2])?))$' } |
            ForEach-Object { "$($_.Name) [$($_.Framework)]" } | Should -BeNullOrEmpty
    }

    It 'binds every reference of the Windows PowerShell layout on .NET Framework 4.7.2' {
        $script:Net472 | Should -Exist
        $framework = Get-Folder @($script:Net472, (Join-Path $script:Net472 'Facades'))
        $framework.Keys | Should -Contain 'netstandard'
        $shipped = $script:DesktopAssemblies + $script:ModuleAssemblies
        # The loader touches AssemblyLoadContext (System.Runtime.Loader) only on PowerShell 7.
        Get-UnboundReferences $shipped $framework -Exempt 'System.Management.Automation', 'System.Runtime.Loader' |
            Should -BeNullOrEmpty
    }

    It 'binds every reference of the PowerShell 7 layout on this runtime' {
        $framework = Get-Folder ([Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory())
        $shipped = $script:CoreAssemblies + $script:ModuleAssemblies
        Get-UnboundReferences $shipped $framework -Exempt 'System.Management.Automation' | Should -BeNullOrEmpty
    }
}
