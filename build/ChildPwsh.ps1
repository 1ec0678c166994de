# How to start a child PowerShell like the current one. Under `dotnet pwsh` (the .NET tool) the
# process is dotnet itself, so the child must be `dotnet <PSHOME>/pwsh.dll`.

function Get-ChildPwshCommand {
    $process = (Get-Process -Id $PID).Path
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { , @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    else { , @($process) }
}

function Invoke-ChildPwsh {
    # Runs pwsh with the given arguments; the caller reads $LASTEXITCODE.
    param([string[]] $ArgumentList)
    $command = Get-ChildPwshCommand
    $prefix = @($command | Select-Object -Skip 1)
    & $command[0] @prefix @ArgumentList
}
