using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Binary;

/// <summary>
/// Decodes instructions one at a time from a function body or a constant expression, driven by
/// <see cref="OpcodeTable"/>. Offsets in the produced <see cref="Instruction"/>s are module offsets.
/// The only allocation is the target array of <c>br_table</c>.
/// </summary>
internal ref struct CodeReader
{
    private WasmReader _r;

    /// <summary>Reads the instructions in <paramref name="module"/>[<paramref name="start"/>..<paramref name="end"/>).</summary>
    public CodeReader(ReadOnlySpan<byte> module, int start, int end, List<DefinedType>? types = null)
    {
        _r = new WasmReader(module, start, end) { EndMessage = WasmReader.UnexpectedEndOfSection, Types = types };
    }

    /// <summary>Reads the code of a decoded function body (its instructions, up to and including the final <c>end</c>).</summary>
    public CodeReader(ModuleInfo module, FunctionBody body)
        : this(module.Bytes.Span, body.CodeOffset, body.CodeOffset + body.CodeLength, module.TypeDefs)
    {
    }

    /// <summary>The module offset of the next instruction.</summary>
    public readonly int Position => _r.Position;

    /// <summary>True when all instructions have been read.</summary>
    public readonly bool AtEnd => _r.AtEnd;

    /// <summary>Reads the next instruction; false at the end of the code.</summary>
    public bool TryRead(out Instruction ins)
    {
        if (_r.AtEnd)
        {
            ins = default;
            return false;
        }
        Read(out ins);
        return true;
    }

    /// <summary>Reads the next instruction; throws <see cref="MalformedModuleException"/> at the end of the code.</summary>
    public Instruction Read()
    {
        Read(out var ins);
        return ins;
    }

    /// <summary>Reads the next instruction into <paramref name="ins"/> (written in place: the struct is large
    /// and read once per instruction by the validator, the compiler and the interpreter's rewrite).</summary>
    public void Read(out Instruction ins)
    {
        ins = default;
        int at = _r.Position;
        ins.Offset = at;
        byte b = _r.ReadByte();
        OpcodeInfo? info;
        if (b == 0xFC)
        {
            uint sub = _r.ReadU32();
            info = OpcodeTable.FromPrefixFC(sub);
            if (info is null)
            {
                if (OpcodeTable.ProposalOfUnknown(b, sub) is { } p) throw new UnsupportedFeatureException(p, at);
                throw WasmReader.Error($"illegal opcode fc {sub:x2}", at);
            }
        }
        else if (b == 0xFB)
        {
            uint sub = _r.ReadU32();
            info = OpcodeTable.FromPrefixFB(sub) ?? throw WasmReader.Error($"illegal opcode fb {sub:x2}", at);
        }
        else if (b == 0xFE)
        {
            uint sub = _r.ReadU32();
            info = OpcodeTable.FromPrefixFE(sub) ?? throw WasmReader.Error($"illegal opcode fe {sub:x2}", at);
        }
        else if (b == 0xFD)
        {
            uint sub = _r.ReadU32();
            info = OpcodeTable.FromPrefixFD(sub) ?? throw WasmReader.Error($"illegal opcode fd {sub:x2}", at);
        }
        else
        {
            info = OpcodeTable.FromByte(b);
            if (info is null)
            {
                if (OpcodeTable.ProposalOfUnknown(b) is { } p) throw new UnsupportedFeatureException(p, at);
                throw WasmReader.Error($"illegal opcode {b:x2}", at);
            }
        }
        ins.Op = info.Op;
        switch (info.Immediate)
        {
            case Immediate.None:
                break;
            case Immediate.Block:
                ins.Block = ReadBlockType();
                break;
            case Immediate.Label:
            case Immediate.Func:
            case Immediate.Type:
            case Immediate.Tag:
            case Immediate.Local:
            case Immediate.Global:
            case Immediate.Table:
            case Immediate.Memory:
            case Immediate.Data:
            case Immediate.Elem:
                ins.A = _r.ReadU32();
                break;
            case Immediate.TryTable:
            {
                ins.Block = ReadBlockType();
                int n = _r.ReadCount();
                if (n > _r.Remaining) throw WasmReader.Error(_r.EndMessage, _r.End);
                // Catch clauses as (kind, tag, label) triples; the tag is unused for catch_all(_ref).
                var clauses = n == 0 ? [] : new uint[n * 3];
                for (int i = 0; i < n; i++)
                {
                    int kindAt = _r.Position;
                    byte kind = _r.ReadByte();
                    if (kind > 3) throw WasmReader.Error("malformed catch clause", kindAt);
                    clauses[i * 3] = kind;
                    if (kind < 2) clauses[i * 3 + 1] = _r.ReadU32();
                    clauses[i * 3 + 2] = _r.ReadU32();
                }
                ins.Targets = clauses;
                break;
            }
            case Immediate.BrTable:
            {
                int n = _r.ReadCount();
                if (n > _r.Remaining) throw WasmReader.Error(_r.EndMessage, _r.End);
                var targets = n == 0 ? [] : new uint[n];
                for (int i = 0; i < n; i++) targets[i] = _r.ReadU32();
                ins.Targets = targets;
                ins.A = _r.ReadU32();
                break;
            }
            case Immediate.CallIndirect:
            case Immediate.MemoryInit:
            case Immediate.MemoryCopy:
            case Immediate.TableInit:
            case Immediate.TableCopy:
                ins.A = _r.ReadU32();
                ins.B = _r.ReadU32();
                break;
            case Immediate.SelectTypes:
            {
                int n = _r.ReadCount();
                ins.A = (uint)n;
                for (int i = 0; i < n; i++)
                {
                    var t = TypeReader.ReadValType(ref _r);
                    if (i == 0) ins.Type = t;
                }
                break;
            }
            case Immediate.MemArg:
            case Immediate.MemArgLane:
            {
                int flagsAt = _r.Position;
                uint flags = _r.ReadU32();
                if (flags >= 0x80) throw WasmReader.Error("malformed memop flags", flagsAt);
                if ((flags & 0x40) != 0)
                {
                    ins.B = _r.ReadU32();
                    flags &= ~0x40u;
                }
                ins.A = flags;
                ins.Imm = _r.ReadU64();
                if (info.Immediate == Immediate.MemArgLane) ins.Lanes = _r.ReadByte();
                break;
            }
            case Immediate.Lane:
                ins.A = _r.ReadByte();
                break;
            case Immediate.Reserved:
            {
                int zeroAt = _r.Position;
                if (_r.ReadByte() != 0) throw WasmReader.Error("malformed atomic.fence: expected a zero byte", zeroAt);
                break;
            }
            case Immediate.V128:
            case Immediate.Shuffle:
                ins.Imm = _r.ReadFixed64();
                ins.Lanes = _r.ReadFixed64();
                break;
            case Immediate.I32:
                ins.Imm = (ulong)(long)_r.ReadS32();
                break;
            case Immediate.I64:
                ins.Imm = (ulong)_r.ReadS64();
                break;
            case Immediate.F32:
                ins.Imm = _r.ReadFixed32();
                break;
            case Immediate.F64:
                ins.Imm = _r.ReadFixed64();
                break;
            case Immediate.HeapType:
                ins.Type = TypeReader.ReadHeapType(ref _r);
                break;
            case Immediate.TypeField:
            case Immediate.TypeCount:
            case Immediate.TypeData:
            case Immediate.TypeElem:
            case Immediate.TypeType:
                ins.A = _r.ReadU32();
                ins.B = _r.ReadU32();
                break;
            case Immediate.CastType:
                ins.Type = TypeReader.ReadHeapType(ref _r) with { Nullable = info.Op is Opcode.RefTestNull or Opcode.RefCastNull };
                break;
            case Immediate.BrOnCast:
            {
                int flagsAt = _r.Position;
                byte flags = _r.ReadByte();
                if (flags > 3) throw WasmReader.Error("malformed br_on_cast flags", flagsAt);
                ins.A = _r.ReadU32();
                ins.Type2 = TypeReader.ReadHeapType(ref _r) with { Nullable = (flags & 1) != 0 };
                ins.Type = TypeReader.ReadHeapType(ref _r) with { Nullable = (flags & 2) != 0 };
                break;
            }
            default:
                throw new InvalidOperationException($"no decoding for immediate {info.Immediate}");
        }
    }

    private BlockType ReadBlockType()
    {
        int at = _r.Position;
        byte b = _r.PeekByte();
        if (b == 0x40)
        {
            _r.Position++;
            return BlockType.Empty;
        }
        if ((b & 0xC0) == 0x40)
            return new BlockType(BlockTypeKind.Value, TypeReader.ReadValType(ref _r));
        long idx = _r.ReadS33();
        if (idx < 0) throw WasmReader.Error("malformed block type", at);
        return new BlockType(BlockTypeKind.TypeIndex, default, (uint)idx);
    }
}
