# Build the Windows installer of gmdesk, stopping at the first step that fails:
#   1. a fresh virtual environment with the test and build extras
#   2. the whole test suite
#   3. the frozen program (packaging\gmdesk.spec: gmdesk.exe windowed, gmdesk-cli.exe console, one folder)
#   4. optional code signing of both programs
#   5. tests\frozen run against the frozen folder (every command: demo, self-test, forms, report, check,
#      export and re-import, backup and restore)
#   6. the installer (Inno Setup 6), signed too when a certificate is configured
# Run from the repository root in PowerShell with 64-bit Python 3.11+ and Inno Setup 6:
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
# Code signing (optional): set GMDESK_SIGN_CERT to a .pfx file and GMDESK_SIGN_PASSWORD to its password;
# GMDESK_SIGN_TIMESTAMP overrides the timestamp server. signtool.exe must be on PATH (Windows SDK).
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

# PowerShell does not stop when a native program fails: check its exit code after every one.
function Invoke-Step([string]$What, [scriptblock]$Command) {
    Write-Host "--- $What"
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit code $LASTEXITCODE)" }
}

$root = Split-Path -Parent $PSScriptRoot
Set-Location $root
$python = if ($env:PYTHON) { $env:PYTHON } else { "python" }

Invoke-Step "virtual environment" { & $python -m venv .build-venv }
$venvPython = Join-Path $root ".build-venv\Scripts\python.exe"
Invoke-Step "64-bit Python" { & $venvPython -c "import struct, sys; sys.exit(0 if struct.calcsize('P') == 8 else 1)" }
Invoke-Step "install gmdesk with its test and build extras" { & $venvPython -m pip install --quiet ".[test,build]" }

$version = (& $venvPython -c "import gmdesk; print(gmdesk.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $version) { throw "cannot read the version from gmdesk/__init__.py" }
Write-Host "gmdesk $version"

Invoke-Step "tests" { & $venvPython -m pytest -p no:cacheprovider }
Invoke-Step "frozen program" {
    & $venvPython -m PyInstaller --noconfirm --distpath dist --workpath build packaging\gmdesk.spec
}
$frozen = Join-Path $root "dist\gmdesk-$version"
$icon = Join-Path $root "build\gmdesk\gmdesk.ico"

$signing = [bool]$env:GMDESK_SIGN_CERT
$timestamp = if ($env:GMDESK_SIGN_TIMESTAMP) { $env:GMDESK_SIGN_TIMESTAMP } else { "http://timestamp.digicert.com" }
if ($signing) {
    foreach ($exe in @("gmdesk.exe", "gmdesk-cli.exe")) {
        Invoke-Step "sign $exe" {
            signtool sign /f $env:GMDESK_SIGN_CERT /p $env:GMDESK_SIGN_PASSWORD /fd SHA256 /tr $timestamp /td SHA256 `
                (Join-Path $frozen $exe)
        }
    }
} else {
    Write-Host "(GMDESK_SIGN_CERT not set: the programs and the installer are not signed)"
}

$env:GMDESK_FROZEN = $frozen
Invoke-Step "frozen program: every command (tests\frozen)" { & $venvPython -m pytest -p no:cacheprovider tests\frozen }
Remove-Item Env:GMDESK_FROZEN

Invoke-Step "size: each part and the 150 MB budget" { & $venvPython packaging\size_report.py $frozen --budget 150 }

$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
$arguments = @("/DAppVersion=$version", "/DSourceDir=$frozen", "/DIconFile=$icon")
if ($signing) {
    # Inno Setup signs the installer and its uninstaller with this command ($f is the file, $q a quote)
    $arguments += "/DSign"
    $arguments += "/Sgmdesk=signtool sign /f `$q$($env:GMDESK_SIGN_CERT)`$q /p `$q$($env:GMDESK_SIGN_PASSWORD)`$q " +
                  "/fd SHA256 /tr $timestamp /td SHA256 `$f"
}
Invoke-Step "installer" { & $iscc @arguments packaging\installer.iss }
$setup = Join-Path $root "dist\gmdesk-$version-setup.exe"
$megabytes = [math]::Round((Get-ChildItem $frozen -Recurse | Measure-Object Length -Sum).Sum / 1MB)
Write-Host "built $setup (program folder $megabytes MB)"
