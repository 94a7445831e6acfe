/*
 * TEST ONLY, never shipped: bcryptprimitives.dll for the smoke test's Wine prefix.
 *
 * Rust's standard library on Windows 10 and later draws its random numbers from
 * bcryptprimitives.dll!ProcessPrng. Debian's Wine 8.0 has no such DLL (Wine 8.13 added
 * it), so liaison.exe stops at once there. This DLL provides ProcessPrng by calling
 * advapi32!SystemFunction036 (RtlGenRandom), which Wine 8 has. `cargo xtask dist` builds
 * it with mingw-w64 into the Wine prefix of the smoke test; the archive's file list check
 * makes sure it never lands in a release.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
