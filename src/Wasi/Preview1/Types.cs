namespace Wasm.Wasi.Preview1;

/// <summary>WASI preview1 <c>filetype</c> (u8).</summary>
internal enum FileType : byte
{
    Unknown, BlockDevice, CharacterDevice, Directory, RegularFile, SocketDgram, SocketStream, SymbolicLink,
}

/// <summary>Flag and enum values of the witx that syscalls decode; names follow the witx.</summary>
internal static class Abi
{
    // clockid
    public const int ClockRealtime = 0, ClockMonotonic = 1, ClockProcessCpu = 2, ClockThreadCpu = 3;

    // whence
    public const int WhenceSet = 0, WhenceCur = 1, WhenceEnd = 2;

    // fdflags (u16)
    public const ushort FdflagAppend = 1, FdflagDsync = 2, FdflagNonblock = 4, FdflagRsync = 8, FdflagSync = 16;

    // fstflags (u16)
    public const ushort FstAtim = 1, FstAtimNow = 2, FstMtim = 4, FstMtimNow = 8;

    // lookupflags (u32)
    public const int LookupSymlinkFollow = 1;

    // oflags (u16)
    public const ushort OflagCreat = 1, OflagDirectory = 2, OflagExcl = 4, OflagTrunc = 8;

    // eventtype (u8)
    public const byte EventClock = 0, EventFdRead = 1, EventFdWrite = 2;

    // subclockflags (u16)
    public const ushort SubclockAbstime = 1;

    // eventrwflags (u16)
    public const ushort EventFdReadwriteHangup = 1;

    // advice (u8): normal .. noreuse
    public const int AdviceMax = 5;

    // sdflags (u8)
    public const int SdRd = 1, SdWr = 2;

    // riflags / roflags
    public const int RecvPeek = 1, RecvWaitall = 2, RecvDataTruncated = 1;

    // preopentype
    public const byte PreopenDir = 0;

    // Struct sizes.
    public const int FdstatSize = 24, FilestatSize = 64, DirentSize = 24, PrestatSize = 8;
    public const int SubscriptionSize = 48, EventSize = 32;
}
