; Inno Setup 6 script: CounterDesk on a Windows counter PC, installed for the whole machine
; in Program Files, with a Start-menu entry and an uninstaller.
;
; NOT TESTED: written on Linux, where the desk is built and tested; build and try it on
; Windows before a release. On Windows, after `py packaging\build.py` has made
; dist\counterdesk\ (with counterdesk.exe, counterdesk-window.exe and counterdesk.ico):
;
;   iscc /DAppVersion=0.1.0 packaging\windows\counterdesk.iss
;
; which writes dist\counterdesk-0.1.0-setup.exe.
;
; The data folder is NOT in the install folder. Each Windows user's desk keeps its data
; (database, blobs, identities, logs, window.ini) in that user's own data folder:
;   %LOCALAPPDATA%\CounterDesk   (C:\Users\<user>\AppData\Local\CounterDesk)
; which is platformdirs.user_data_dir("CounterDesk") in counterdesk/store/home.py, or in the
; folder named by COUNTERDESK_HOME, or by --home. Nothing below writes or deletes there:
; - an upgrade replaces the program only; the new version upgrades the database on its first
;   start (all steps in one transaction: a failed step changes nothing and says so);
; - uninstalling removes the program only; the citizens' records, the certification book
;   and the signing identities stay, for the next installation or the archive.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\counterdesk"
#endif

[Setup]
; The same AppId in every version: a new installer upgrades the installed desk in place.
AppId={{796ACA7C-4902-45F9-BC70-5D0D6775D900}
AppName=CounterDesk
AppVersion={#AppVersion}
AppVerName=CounterDesk {#AppVersion}
DefaultDirName={autopf}\CounterDesk
DefaultGroupName=CounterDesk
DisableProgramGroupPage=yes
; Per machine: Program Files, an uninstaller for all users; needs an administrator.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=counterdesk-{#AppVersion}-setup
SetupIconFile={#SourceDir}\counterdesk.ico
UninstallDisplayIcon={app}\counterdesk-window.exe
UninstallDisplayName=CounterDesk
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A desk still open during an upgrade is asked to close (its files are in use).
CloseApplications=yes
RestartApplications=no

[Languages]
; Inno Setup ships no Vietnamese messages; the desk itself opens in Vietnamese.
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade starts from a clean program folder: no module of the previous version stays.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; counterdesk-window.exe is counterdesk.exe without a console window: it opens the desk.
; counterdesk.exe is the CLI, for a Command Prompt ("{app}\counterdesk.exe" --help).
Name: "{autoprograms}\CounterDesk"; Filename: "{app}\counterdesk-window.exe"; IconFilename: "{app}\counterdesk.ico"; Comment: "Certified copies and one-stop dossiers"
Name: "{autodesktop}\CounterDesk"; Filename: "{app}\counterdesk-window.exe"; IconFilename: "{app}\counterdesk.ico"; Tasks: desktopicon

[Run]
; As the user who ran the installer, not as the administrator: the desk opens that user's
; data folder.
Filename: "{app}\counterdesk-window.exe"; Description: "{cm:LaunchProgram,CounterDesk}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallDelete]
; Only the program folder, if anything was left in it. Never the data folder (see above).
Type: dirifempty; Name: "{app}"
