namespace Wasm.Wasi.Preview1;

/// <summary>WASI preview1 <c>errno</c> (u16), in the witx order.</summary>
public enum Errno : ushort
{
#pragma warning disable CS1591 // names are the witx names
    Success, TooBig, Acces, AddrInUse, AddrNotAvail, AfNoSupport, Again, Already, Badf, BadMsg, Busy, Canceled,
    Child, ConnAborted, ConnRefused, ConnReset, Deadlk, DestAddrReq, Dom, Dquot, Exist, Fault, Fbig, HostUnreach,
    Idrm, Ilseq, InProgress, Intr, Inval, Io, IsConn, IsDir, Loop, Mfile, Mlink, MsgSize, Multihop, NameTooLong,
    NetDown, NetReset, NetUnreach, Nfile, NoBufs, NoDev, NoEnt, NoExec, NoLck, NoLink, NoMem, NoMsg, NoProtoOpt,
    NoSpc, NoSys, NotConn, NotDir, NotEmpty, NotRecoverable, NotSock, NotSup, NoTty, Nxio, Overflow, OwnerDead,
    Perm, Pipe, Proto, ProtoNoSupport, ProtoType, Range, Rofs, Spipe, Srch, Stale, TimedOut, TxtBsy, Xdev,
    NotCapable,
#pragma warning restore CS1591
}
