using System.Numerics;
using System.Reflection;
using Wasm.Runtime;

namespace Wasm.Compilation;

/// <summary>Every runtime member that generated code touches, resolved once.</summary>
internal static class Builtins
{
    private static MethodInfo Op(string name) => Signatures.Method(typeof(NumericOps), name);
    private static MethodInfo Bulk(string name) => Signatures.Method(typeof(BulkOps), name);
    private static FieldInfo Ctx(string name) => Signatures.Field(typeof(VmContext), name);

    public static readonly FieldInfo CtxStore = Ctx(nameof(VmContext.Store));
    public static readonly FieldInfo CtxMemory0 = Ctx(nameof(VmContext.Memory0));
    public static readonly FieldInfo CtxMemories = Ctx(nameof(VmContext.Memories));
    public static readonly FieldInfo CtxTables = Ctx(nameof(VmContext.Tables));
    public static readonly FieldInfo CtxGlobals = Ctx(nameof(VmContext.Globals));
    public static readonly FieldInfo CtxFunctions = Ctx(nameof(VmContext.Functions));
    public static readonly FieldInfo CtxTags = Ctx(nameof(VmContext.Tags));
    public static readonly FieldInfo CtxTypes = Ctx(nameof(VmContext.Types));
    public static readonly FieldInfo CtxTier = Ctx(nameof(VmContext.Tier));
    public static readonly FieldInfo TierCounters = Signatures.Field(typeof(TierState), nameof(TierState.Counters));
    public static readonly FieldInfo TierOptimized = Signatures.Field(typeof(TierState), nameof(TierState.Optimized));
    public static readonly FieldInfo TierOsrEntries = Signatures.Field(typeof(TierState), nameof(TierState.OsrEntries));
    public static readonly FieldInfo TierOsrLoop = Signatures.Field(typeof(TierState), nameof(TierState.OsrLoop));
    public static readonly FieldInfo TierCalls = Signatures.Field(typeof(TierState), nameof(TierState.Calls));
    public static readonly MethodInfo TierHot = Signatures.Method(typeof(TierState), nameof(TierState.Hot));
    public static readonly FieldInfo TierEntries = Signatures.Field(typeof(TierState), nameof(TierState.Entries));
    public static readonly MethodInfo TierEnter = Signatures.Method(typeof(TierState), nameof(TierState.Enter));
    public static readonly MethodInfo TierEntryOf = Signatures.Method(typeof(TierState), nameof(TierState.EntryOf));
    public static readonly MethodInfo GuestExceptionTag = typeof(GuestException).GetProperty(nameof(GuestException.Tag))!.GetMethod!;
    public static readonly FieldInfo GuestExceptionSkip = Signatures.Field(typeof(GuestException), nameof(GuestException.SkipHandlers));
    public static readonly FieldInfo GuestExceptionFields = Signatures.Field(typeof(GuestException), nameof(GuestException.Fields));
    public static readonly MethodInfo ThrowNew = Signatures.Method(typeof(ExceptionOps), nameof(ExceptionOps.Throw));
    public static readonly MethodInfo ThrowRef = Signatures.Method(typeof(ExceptionOps), nameof(ExceptionOps.ThrowRef));
    public static readonly FieldInfo StoreStackLimit = Signatures.Field(typeof(Store), nameof(Store.StackLimit));
    public static readonly FieldInfo StoreFuel = Signatures.Field(typeof(Store), nameof(Store.Fuel));
    public static readonly FieldInfo StoreEpochDeadline = Signatures.Field(typeof(Store), nameof(Store.EpochDeadline));
    public static readonly FieldInfo StoreEngine = Signatures.Field(typeof(Store), nameof(Store.EngineRef));
    public static readonly FieldInfo EngineEpoch = Signatures.Field(typeof(Engine), nameof(Engine.Epoch));
    public static readonly FieldInfo MemoryBase = Signatures.Field(typeof(Memory), nameof(Memory.Base));
    public static readonly FieldInfo MemoryLength = Signatures.Field(typeof(Memory), nameof(Memory.Length));
    public static readonly FieldInfo TableElements = Signatures.Field(typeof(Table), nameof(Table.Elements));
    public static readonly FieldInfo FunctionCtx = Signatures.Field(typeof(Function), nameof(Function.Ctx));
    public static readonly MethodInfo FunctionCode = typeof(Function).GetProperty(nameof(Function.Code), BindingFlags.NonPublic | BindingFlags.Instance)!.GetMethod!;
    public static readonly FieldInfo FunctionTypeId = Signatures.Field(typeof(Function), nameof(Function.TypeId));

    public static readonly FieldInfo GlobalI32 = Signatures.Field(typeof(Global), nameof(Global.I32));
    public static readonly FieldInfo GlobalI64 = Signatures.Field(typeof(Global), nameof(Global.I64));
    public static readonly FieldInfo GlobalF32 = Signatures.Field(typeof(Global), nameof(Global.F32));
    public static readonly FieldInfo GlobalF64 = Signatures.Field(typeof(Global), nameof(Global.F64));
    public static readonly FieldInfo GlobalV128 = Signatures.Field(typeof(Global), nameof(Global.V128));
    public static readonly FieldInfo GlobalRef = Signatures.Field(typeof(Global), nameof(Global.Ref));

    public static FieldInfo GlobalField(ValType t) => t.Kind switch
    {
        ValKind.I32 => GlobalI32,
        ValKind.I64 => GlobalI64,
        ValKind.F32 => GlobalF32,
        ValKind.F64 => GlobalF64,
        ValKind.V128 => GlobalV128,
        _ => GlobalRef,
    };

    public static readonly MethodInfo TrapCreate = Signatures.Method(typeof(Traps), nameof(Traps.Create));

    public static readonly MethodInfo I32DivS = Op(nameof(NumericOps.I32DivS));
    public static readonly MethodInfo I32DivU = Op(nameof(NumericOps.I32DivU));
    public static readonly MethodInfo I32RemS = Op(nameof(NumericOps.I32RemS));
    public static readonly MethodInfo I32RemU = Op(nameof(NumericOps.I32RemU));
    public static readonly MethodInfo I64DivS = Op(nameof(NumericOps.I64DivS));
    public static readonly MethodInfo I64DivU = Op(nameof(NumericOps.I64DivU));
    public static readonly MethodInfo I64RemS = Op(nameof(NumericOps.I64RemS));
    public static readonly MethodInfo I64RemU = Op(nameof(NumericOps.I64RemU));
    public static readonly MethodInfo F32Min = Op(nameof(NumericOps.F32Min));
    public static readonly MethodInfo F32Max = Op(nameof(NumericOps.F32Max));
    public static readonly MethodInfo F64Min = Op(nameof(NumericOps.F64Min));
    public static readonly MethodInfo F64Max = Op(nameof(NumericOps.F64Max));
    public static readonly MethodInfo F32Nearest = Op(nameof(NumericOps.F32Nearest));
    public static readonly MethodInfo F64Nearest = Op(nameof(NumericOps.F64Nearest));

    public static readonly MethodInfo Clz32 = typeof(BitOperations).GetMethod(nameof(BitOperations.LeadingZeroCount), [typeof(uint)])!;
    public static readonly MethodInfo Clz64 = typeof(BitOperations).GetMethod(nameof(BitOperations.LeadingZeroCount), [typeof(ulong)])!;
    public static readonly MethodInfo Ctz32 = typeof(BitOperations).GetMethod(nameof(BitOperations.TrailingZeroCount), [typeof(uint)])!;
    public static readonly MethodInfo Ctz64 = typeof(BitOperations).GetMethod(nameof(BitOperations.TrailingZeroCount), [typeof(ulong)])!;
    public static readonly MethodInfo Popcnt32 = typeof(BitOperations).GetMethod(nameof(BitOperations.PopCount), [typeof(uint)])!;
    public static readonly MethodInfo Popcnt64 = typeof(BitOperations).GetMethod(nameof(BitOperations.PopCount), [typeof(ulong)])!;
    public static readonly MethodInfo Rotl32 = typeof(BitOperations).GetMethod(nameof(BitOperations.RotateLeft), [typeof(uint), typeof(int)])!;
    public static readonly MethodInfo Rotl64 = typeof(BitOperations).GetMethod(nameof(BitOperations.RotateLeft), [typeof(ulong), typeof(int)])!;
    public static readonly MethodInfo Rotr32 = typeof(BitOperations).GetMethod(nameof(BitOperations.RotateRight), [typeof(uint), typeof(int)])!;
    public static readonly MethodInfo Rotr64 = typeof(BitOperations).GetMethod(nameof(BitOperations.RotateRight), [typeof(ulong), typeof(int)])!;

    public static readonly MethodInfo F32Abs = typeof(MathF).GetMethod(nameof(MathF.Abs), [typeof(float)])!;
    public static readonly MethodInfo F32Ceil = typeof(MathF).GetMethod(nameof(MathF.Ceiling), [typeof(float)])!;
    public static readonly MethodInfo F32Floor = typeof(MathF).GetMethod(nameof(MathF.Floor), [typeof(float)])!;
    public static readonly MethodInfo F32Trunc = typeof(MathF).GetMethod(nameof(MathF.Truncate), [typeof(float)])!;
    public static readonly MethodInfo F32Sqrt = typeof(MathF).GetMethod(nameof(MathF.Sqrt), [typeof(float)])!;
    public static readonly MethodInfo F32CopySign = typeof(MathF).GetMethod(nameof(MathF.CopySign), [typeof(float), typeof(float)])!;
    public static readonly MethodInfo F64Abs = typeof(Math).GetMethod(nameof(Math.Abs), [typeof(double)])!;
    public static readonly MethodInfo F64Ceil = typeof(Math).GetMethod(nameof(Math.Ceiling), [typeof(double)])!;
    public static readonly MethodInfo F64Floor = typeof(Math).GetMethod(nameof(Math.Floor), [typeof(double)])!;
    public static readonly MethodInfo F64Trunc = typeof(Math).GetMethod(nameof(Math.Truncate), [typeof(double)])!;
    public static readonly MethodInfo F64Sqrt = typeof(Math).GetMethod(nameof(Math.Sqrt), [typeof(double)])!;
    public static readonly MethodInfo F64CopySign = typeof(Math).GetMethod(nameof(Math.CopySign), [typeof(double), typeof(double)])!;

    public static readonly MethodInfo F32Bits = typeof(BitConverter).GetMethod(nameof(BitConverter.SingleToInt32Bits))!;
    public static readonly MethodInfo F32FromBits = typeof(BitConverter).GetMethod(nameof(BitConverter.Int32BitsToSingle))!;
    public static readonly MethodInfo F64Bits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToInt64Bits))!;
    public static readonly MethodInfo F64FromBits = typeof(BitConverter).GetMethod(nameof(BitConverter.Int64BitsToDouble))!;

    public static readonly MethodInfo TableGet = Bulk(nameof(BulkOps.TableGet));
    public static readonly MethodInfo TableSet = Bulk(nameof(BulkOps.TableSet));
    public static readonly MethodInfo TableGrow = Bulk(nameof(BulkOps.TableGrow));
    public static readonly MethodInfo TableFill = Bulk(nameof(BulkOps.TableFill));
    public static readonly MethodInfo TableCopy = Bulk(nameof(BulkOps.TableCopy));
    public static readonly MethodInfo TableInit = Bulk(nameof(BulkOps.TableInit));
    public static readonly MethodInfo ElemDrop = Bulk(nameof(BulkOps.ElemDrop));
    public static readonly MethodInfo DataDrop = Bulk(nameof(BulkOps.DataDrop));
    public static readonly MethodInfo MemoryInit = Bulk(nameof(BulkOps.MemoryInit));
    public static readonly MethodInfo MemoryCopy = Bulk(nameof(BulkOps.MemoryCopy));
    public static readonly MethodInfo MemoryFill = Bulk(nameof(BulkOps.MemoryFill));
    public static readonly MethodInfo MemoryGrow = Bulk(nameof(BulkOps.MemoryGrow));
    public static readonly MethodInfo TableGet64 = Bulk(nameof(BulkOps.TableGet64));
    public static readonly MethodInfo TableSet64 = Bulk(nameof(BulkOps.TableSet64));
    public static readonly MethodInfo TableGrow64 = Bulk(nameof(BulkOps.TableGrow64));
    public static readonly MethodInfo TableFill64 = Bulk(nameof(BulkOps.TableFill64));
    public static readonly MethodInfo TableCopy64 = Bulk(nameof(BulkOps.TableCopy64));
    public static readonly MethodInfo TableInit64 = Bulk(nameof(BulkOps.TableInit64));
    public static readonly MethodInfo MemoryInit64 = Bulk(nameof(BulkOps.MemoryInit64));
    public static readonly MethodInfo MemoryCopy64 = Bulk(nameof(BulkOps.MemoryCopy64));
    public static readonly MethodInfo MemoryFill64 = Bulk(nameof(BulkOps.MemoryFill64));
    public static readonly MethodInfo MemoryGrow64 = Bulk(nameof(BulkOps.MemoryGrow64));
}
