; Inno Setup script for gmdesk (run after PyInstaller: packaging\build_windows.ps1).
; Installs per user (no administrator rights needed in a county office), Chinese wizard, Start-menu entry.
#define AppVersion "0.1.0"
[Setup]
AppId={{6F1C2C1E-4C7A-4E5B-9D2E-6A7C1B0E9D41}
AppName=政务新媒体工作台 gmdesk
AppVersion={#AppVersion}
AppPublisher=gmdesk
DefaultDirName={localappdata}\Programs\gmdesk
DefaultGroupName=政务新媒体工作台
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=gmdesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\dist\gmdesk-{#AppVersion}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\政务新媒体工作台"; Filename: "{app}\gmdesk.exe"
Name: "{userdesktop}\政务新媒体工作台"; Filename: "{app}\gmdesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "创建桌面快捷方式"; GroupDescription: "附加任务："

[Run]
Filename: "{app}\gmdesk.exe"; Description: "启动政务新媒体工作台"; Flags: nowait postinstall skipifsilent
