; Inno Setup script for gmdesk (run by packaging\build_windows.ps1 after PyInstaller and the frozen tests).
; Installs per user (no administrator rights needed in a county office), 64-bit Windows 10/11 only, Chinese
; wizard, Start-menu entry for the windowed gmdesk.exe; gmdesk-cli.exe (console) is installed beside it.
; The build script passes everything that changes: /DAppVersion (from gmdesk/__init__.py), /DSourceDir (the
; PyInstaller folder), /DIconFile (made from resources/icons/gmdesk.svg) and /DSign when a certificate is set.
#ifndef AppVersion
  #error AppVersion is not defined: build with packaging\build_windows.ps1 (it reads gmdesk/__init__.py)
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\gmdesk-" + AppVersion
#endif

[Setup]
AppId={{6F1C2C1E-4C7A-4E5B-9D2E-6A7C1B0E9D41}
AppName=政务新媒体工作台 gmdesk
AppVersion={#AppVersion}
AppVerName=政务新媒体工作台 {#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=gmdesk
DefaultDirName={localappdata}\Programs\gmdesk
DefaultGroupName=政务新媒体工作台
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=gmdesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; the frozen program is 64-bit: refuse 32-bit and ARM-only Windows instead of installing something that cannot start
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
UninstallDisplayIcon={app}\gmdesk.exe
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
#ifdef Sign
SignTool=gmdesk
SignedUninstaller=yes
#endif

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\政务新媒体工作台"; Filename: "{app}\gmdesk.exe"
Name: "{group}\政务新媒体工作台 使用手册"; Filename: "{app}\gmdesk.exe"; Parameters: "--manual"
Name: "{userdesktop}\政务新媒体工作台"; Filename: "{app}\gmdesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "创建桌面快捷方式"; GroupDescription: "附加任务："

[Run]
Filename: "{app}\gmdesk.exe"; Description: "启动政务新媒体工作台"; Flags: nowait postinstall skipifsilent
