# Build the Windows installer: tests first, then the frozen program, a self-test of the frozen exe,
# then the installer. Run from the repository root in PowerShell with Python 3.11+ and Inno Setup 6.
$ErrorActionPreference = "Stop"
python -m venv .build-venv
.\.build-venv\Scripts\Activate.ps1
pip install ".[test]" pyinstaller
pytest
pyinstaller --noconfirm --distpath dist --workpath build packaging\gmdesk.spec
$exe = Get-ChildItem dist\gmdesk-*\gmdesk.exe | Select-Object -First 1
$db = Join-Path $env:TEMP "gmdesk-selftest.db"
& $exe.FullName --db $db --self-test | Out-Host
if ($LASTEXITCODE -ne 0) { throw "the frozen program failed its self-test" }
& "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" packaging\installer.iss
