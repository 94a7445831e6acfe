@echo off
rem liaison: the desk in this console window, in UTF-8, 120 columns by 40 rows.
rem Windows Terminal (the default console of Windows 11) keeps the size set in its
rem own settings: enlarge or maximise its window (or set Startup > Launch size).
rem This file is ASCII only: cmd reads it in the system code page (936 in China).
rem Everything after chcp is on one line, which cmd reads before it changes code page.
cd /d "%~dp0"
mode con cols=120 lines=40
chcp 65001 >nul & "%~dp0liaison.exe" %* & if errorlevel 1 pause
