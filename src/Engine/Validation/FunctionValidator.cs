using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Validation;

/// <summary>
/// Validates function bodies one instruction at a time with the operand/control stack algorithm of the spec's
/// validation appendix. The compiler drives it: <see cref="Begin"/>, then for each decoded instruction the queries
/// (<see cref="PeekOperand"/>, <see cref="IsUnreachable"/>, <see cref="Frame"/>...) followed by <see cref="Step"/>,
/// then <see cref="Finish"/>. One instance can validate many functions; stacks are reused, nothing is allocated per
/// instruction.
/// </summary>
internal sealed partial class FunctionValidator
{
    private static readonly ValType[] None = [];
    private static readonly ValType[] OneI32 = [ValType.I32];
    private static readonly ValType[] OneI64 = [ValType.I64];
    private static readonly ValType[] OneF32 = [ValType.F32];
    private static readonly ValType[] OneF64 = [ValType.F64];
    private static readonly ValType[] OneFuncRef = [ValType.FuncRef];
    private static readonly ValType[] OneExternRef = [ValType.ExternRef];

    private readonly ModuleInfo _module;
    private ValType[] _operands = new ValType[64];
    private int _operandCount;
    private ControlFrame[] _frames = new ControlFrame[16];
    private int _frameCount;
    private ValType[] _locals = new ValType[16];
    private int _localCount;
    private long _offset;

    // Initialisation of locals whose type has no default (non-nullable references): which are set, and the order
    // they were set in, so leaving a block can forget those set inside it.
    private bool[] _localSet = new bool[16];
    private int[] _initLog = new int[8];
    private int _initCount;

    /// <summary>Creates a validator for the functions of <paramref name="module"/>.</summary>
    public FunctionValidator(ModuleInfo module)
    {
        _module = module;
    }

    /// <summary>True when the current code is dead (after an unconditional branch, until the enclosing block ends).</summary>
    public bool IsUnreachable => _frameCount > 0 && _frames[_frameCount - 1].Unreachable;

    /// <summary>Number of open control frames (the function's own frame included).</summary>
    public int ControlDepth => _frameCount;

    /// <summary>Parameters then declared locals of the current function.</summary>
    public ReadOnlySpan<ValType> LocalTypes => _locals.AsSpan(0, _localCount);

    /// <summary>The current operand stack height.</summary>
    public int OperandCount => _operandCount;

    /// <summary>A control frame: 0 is the innermost.</summary>
    public ref readonly ControlFrame Frame(int depth) => ref _frames[_frameCount - 1 - depth];

    /// <summary>
    /// The type of the operand <paramref name="depth"/> entries below the top of the stack, or
    /// <see cref="ValType.Unknown"/> when unreachable code would pop it from the polymorphic stack.
    /// </summary>
    public ValType PeekOperand(int depth = 0)
    {
        int i = _operandCount - 1 - depth;
        int floor = _frameCount > 0 ? _frames[_frameCount - 1].Height : 0;
        return i >= floor ? _operands[i] : ValType.Unknown;
    }

    /// <summary>Starts validating defined function <paramref name="definedFuncIndex"/> (0 = first non-imported).</summary>
    public void Begin(int definedFuncIndex)
    {
        var body = _module.Bodies[definedFuncIndex];
        uint funcIndex = (uint)(_module.ImportedFuncs + definedFuncIndex);
        uint typeIndex = _module.FuncTypeIndices[(int)funcIndex];
        var type = _module.FuncTypeAt(typeIndex) ?? throw Invalid($"unknown type {typeIndex}", body.CodeOffset);
        int n = type.Parameters.Length + body.Locals.Length;
        if (_locals.Length < n) _locals = new ValType[Math.Max(n, _locals.Length * 2)];
        type.Parameters.CopyTo(_locals, 0);
        body.Locals.CopyTo(_locals, type.Parameters.Length);
        _localCount = n;
        if (_localSet.Length < n) _localSet = new bool[_locals.Length];
        for (int i = 0; i < n; i++) _localSet[i] = _locals[i].IsDefaultable || i < type.Parameters.Length;
        _initCount = 0;
        _operandCount = 0;
        _frameCount = 0;
        _offset = body.CodeOffset;
        PushFrame(Opcode.Block, None, type.Results);
        _frames[0].IsFunction = true;
    }

    /// <summary>Checks that the final <c>end</c> closed the function.</summary>
    public void Finish(long offset)
    {
        if (_frameCount != 0) throw Invalid("unexpected end of function", offset);
    }

    private static InvalidModuleException Invalid(string reason, long offset) => new(reason, offset);

    private InvalidModuleException Invalid(string reason) => new(reason, _offset);

    // ---- operand stack ----

    private void Push(ValType t)
    {
        if (_operandCount == _operands.Length) Array.Resize(ref _operands, _operands.Length * 2);
        _operands[_operandCount++] = t;
    }

    private void PushAll(ValType[] ts)
    {
        for (int i = 0; i < ts.Length; i++) Push(ts[i]);
    }

    private ValType Pop()
    {
        ref var f = ref _frames[_frameCount - 1];
        if (_operandCount == f.Height)
        {
            if (f.Unreachable) return ValType.Unknown;
            throw Invalid("type mismatch");
        }
        return _operands[--_operandCount];
    }

    private ValType Pop(ValType expected)
    {
        var actual = Pop();
        if (actual != expected && !actual.IsUnknown && !expected.IsUnknown && !actual.IsSubtypeOf(expected))
            throw Invalid("type mismatch");
        return actual;
    }

    private void PopAll(ValType[] ts)
    {
        for (int i = ts.Length - 1; i >= 0; i--) Pop(ts[i]);
    }

    private ValType PopRef()
    {
        var t = Pop();
        if (!t.IsRef && !t.IsUnknown) throw Invalid("type mismatch");
        return t;
    }

    // ---- control stack ----

    private void PushFrame(Opcode op, ValType[] start, ValType[] end)
    {
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new ControlFrame
        {
            Opcode = op, StartTypes = start, EndTypes = end, Height = _operandCount, Unreachable = false,
            InitHeight = _initCount,
        };
        PushAll(start);
    }

    private ControlFrame PopFrame()
    {
        ref var f = ref _frames[_frameCount - 1];
        PopAll(f.EndTypes);
        if (_operandCount != f.Height) throw Invalid("type mismatch");
        while (_initCount > f.InitHeight) _localSet[_initLog[--_initCount]] = false;
        _frameCount--;
        return f;
    }

    private void SetUnreachable()
    {
        ref var f = ref _frames[_frameCount - 1];
        _operandCount = f.Height;
        f.Unreachable = true;
    }

    private ref ControlFrame Label(uint depth)
    {
        if (depth >= (uint)_frameCount) throw Invalid($"unknown label {depth}");
        return ref _frames[_frameCount - 1 - (int)depth];
    }

    private void BlockTypes(in BlockType bt, out ValType[] start, out ValType[] end)
    {
        switch (bt.Kind)
        {
            case BlockTypeKind.Empty:
                start = None;
                end = None;
                break;
            case BlockTypeKind.Value:
                start = None;
                end = Single(bt.Value);
                break;
            default:
                var ft = _module.FuncTypeAt(bt.Index) ?? throw Invalid($"unknown type {bt.Index}");
                start = ft.Parameters;
                end = ft.Results;
                break;
        }
    }

    private static ValType[] Single(ValType t)
    {
        if (t == ValType.I32) return OneI32;
        if (t == ValType.I64) return OneI64;
        if (t == ValType.F32) return OneF32;
        if (t == ValType.F64) return OneF64;
        if (t == ValType.FuncRef) return OneFuncRef;
        if (t == ValType.ExternRef) return OneExternRef;
        return [t];
    }

    /// <summary>Validates one instruction and applies its effect on the stacks.</summary>
    public void Step(in Instruction ins)
    {
        _offset = ins.Offset;
        if (_frameCount == 0) throw Invalid("operator after end of function");
        var info = OpcodeTable.Get(ins.Op)!;
        if (info.HasFixedSignature)
        {
            var ps = info.Params!;
            if (info.Immediate is Immediate.MemArg or Immediate.MemArgLane)
            {
                // The address (the first operand) has the memory's address type; the table lists i32.
                var address = CheckMemArg(ins);
                if (info.Immediate == Immediate.MemArgLane) CheckLanes(ins);
                for (int i = ps.Length - 1; i >= 1; i--) Pop(ps[i]);
                Pop(address);
                PushAll(info.Results!);
                return;
            }
            if (info.Immediate is Immediate.Lane or Immediate.Shuffle) CheckLanes(ins);
            for (int i = ps.Length - 1; i >= 0; i--) Pop(ps[i]);
            PushAll(info.Results!);
            return;
        }
        switch (ins.Op)
        {
            case Opcode.Unreachable:
                SetUnreachable();
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block:
            case Opcode.Loop:
            {
                BlockTypes(ins.Block, out var start, out var end);
                PopAll(start);
                PushFrame(ins.Op, start, end);
                break;
            }
            case Opcode.TryTable:
            {
                BlockTypes(ins.Block, out var start, out var end);
                PopAll(start);
                CheckCatches(ins.Targets!);
                PushFrame(Opcode.TryTable, start, end);
                break;
            }
            case Opcode.Try:
            {
                BlockTypes(ins.Block, out var start, out var end);
                PopAll(start);
                PushFrame(Opcode.Try, start, end);
                break;
            }
            case Opcode.Catch:
            case Opcode.CatchAll:
            {
                var top = _frames[_frameCount - 1].Opcode;
                if (top is not (Opcode.Try or Opcode.Catch)) throw Invalid("catch without try");
                var payload = ins.Op == Opcode.Catch ? TagType(ins.A).Parameters : None;
                var f = PopFrame();
                PushFrame(ins.Op, payload, f.EndTypes);
                break;
            }
            case Opcode.Delegate:
            {
                if (_frames[_frameCount - 1].Opcode != Opcode.Try) throw Invalid("delegate without try");
                var f = PopFrame();
                Label(ins.A);
                PushAll(f.EndTypes);
                break;
            }
            case Opcode.Rethrow:
                if (Label(ins.A).Opcode is not (Opcode.Catch or Opcode.CatchAll)) throw Invalid("invalid rethrow label");
                SetUnreachable();
                break;
            case Opcode.Throw:
                PopAll(TagType(ins.A).Parameters);
                SetUnreachable();
                break;
            case Opcode.ThrowRef:
                Pop(ValType.ExnRef);
                SetUnreachable();
                break;
            case Opcode.If:
            {
                BlockTypes(ins.Block, out var start, out var end);
                Pop(ValType.I32);
                PopAll(start);
                PushFrame(Opcode.If, start, end);
                break;
            }
            case Opcode.Else:
            {
                if (_frames[_frameCount - 1].Opcode != Opcode.If) throw Invalid("else without if");
                var f = PopFrame();
                PushFrame(Opcode.Else, f.StartTypes, f.EndTypes);
                break;
            }
            case Opcode.End:
            {
                var f = PopFrame();
                if (f.Opcode == Opcode.If && !f.StartTypes.AsSpan().SequenceEqual(f.EndTypes))
                    throw Invalid("type mismatch");
                PushAll(f.EndTypes);
                break;
            }
            case Opcode.Br:
                PopAll(Label(ins.A).LabelTypes);
                SetUnreachable();
                break;
            case Opcode.BrIf:
            {
                var types = Label(ins.A).LabelTypes;
                Pop(ValType.I32);
                PopAll(types);
                PushAll(types);
                break;
            }
            case Opcode.BrTable:
                BrTable(ins);
                break;
            case Opcode.Return:
                PopAll(_frames[0].EndTypes);
                SetUnreachable();
                break;
            case Opcode.Call:
            {
                var ft = FuncType(ins.A);
                PopAll(ft.Parameters);
                PushAll(ft.Results);
                break;
            }
            case Opcode.CallIndirect:
            {
                var ft = CallIndirectType(in ins);
                PopAll(ft.Parameters);
                PushAll(ft.Results);
                break;
            }
            case Opcode.ReturnCall:
            {
                var ft = FuncType(ins.A);
                CheckTailCallResults(ft);
                PopAll(ft.Parameters);
                SetUnreachable();
                break;
            }
            case Opcode.ReturnCallIndirect:
            {
                var ft = CallIndirectType(in ins);
                CheckTailCallResults(ft);
                PopAll(ft.Parameters);
                SetUnreachable();
                break;
            }
            case Opcode.Drop:
                Pop();
                break;
            case Opcode.Select:
            {
                Pop(ValType.I32);
                var t1 = Pop();
                var t2 = Pop();
                bool ok1 = t1.IsNumeric || t1.Kind == ValKind.V128 || t1.IsUnknown;
                bool ok2 = t2.IsNumeric || t2.Kind == ValKind.V128 || t2.IsUnknown;
                if (!ok1 || !ok2) throw Invalid("type mismatch");
                if (t1 != t2 && !t1.IsUnknown && !t2.IsUnknown) throw Invalid("type mismatch");
                Push(t1.IsUnknown ? t2 : t1);
                break;
            }
            case Opcode.SelectTyped:
            {
                if (ins.A != 1) throw Invalid("invalid result arity");
                Pop(ValType.I32);
                Pop(ins.Type);
                Pop(ins.Type);
                Push(ins.Type);
                break;
            }
            case Opcode.LocalGet:
            {
                var t = Local(ins.A);
                if (!_localSet[ins.A]) throw Invalid("uninitialized local");
                Push(t);
                break;
            }
            case Opcode.LocalSet:
                Pop(Local(ins.A));
                MarkSet(ins.A);
                break;
            case Opcode.LocalTee:
            {
                var t = Local(ins.A);
                Pop(t);
                Push(t);
                MarkSet(ins.A);
                break;
            }
            case Opcode.GlobalGet:
                Push(Global(ins.A).Type);
                break;
            case Opcode.GlobalSet:
            {
                var g = Global(ins.A);
                if (!g.Mutable) throw Invalid("immutable global");
                Pop(g.Type);
                break;
            }
            case Opcode.I32Const:
                Push(ValType.I32);
                break;
            case Opcode.I64Const:
                Push(ValType.I64);
                break;
            case Opcode.F32Const:
                Push(ValType.F32);
                break;
            case Opcode.F64Const:
                Push(ValType.F64);
                break;
            case Opcode.RefNull:
                Push(ins.Type);
                break;
            case Opcode.RefIsNull:
                PopRef();
                Push(ValType.I32);
                break;
            case Opcode.RefFunc:
            {
                FuncType(ins.A);
                if (!_module.DeclaredFuncRefs.Contains(ins.A)) throw Invalid("undeclared function reference");
                Push(ValType.RefTo(_module.TypeDefs[(int)_module.FuncTypeIndices[(int)ins.A]], nullable: false));
                break;
            }
            case Opcode.RefAsNonNull:
            {
                var t = PopRef();
                Push(t.IsUnknown ? t : t.AsNonNullable);
                break;
            }
            case Opcode.BrOnNull:
            {
                var t = PopRef();
                var types = Label(ins.A).LabelTypes;
                PopAll(types);
                PushAll(types);
                Push(t.IsUnknown ? t : t.AsNonNullable);
                break;
            }
            case Opcode.BrOnNonNull:
            {
                var t = PopRef();
                var types = Label(ins.A).LabelTypes;
                if (types.Length == 0) throw Invalid("type mismatch");
                var last = types[^1];
                if (!t.IsUnknown && !t.AsNonNullable.IsSubtypeOf(last)) throw Invalid("type mismatch");
                for (int i = types.Length - 2; i >= 0; i--) Pop(types[i]);
                for (int i = 0; i < types.Length - 1; i++) Push(types[i]);
                break;
            }
            case Opcode.CallRef:
            {
                var ft = RefCallType(ins.A);
                PopAll(ft.Parameters);
                PushAll(ft.Results);
                break;
            }
            case Opcode.ReturnCallRef:
            {
                var ft = RefCallType(ins.A);
                CheckTailCallResults(ft);
                PopAll(ft.Parameters);
                SetUnreachable();
                break;
            }
            default:
                if (!StepGc(ins)) StepMemoryOrTable(ins);
                break;
        }
    }

    private void BrTable(in Instruction ins)
    {
        Pop(ValType.I32);
        var defaultTypes = Label(ins.A).LabelTypes;
        int arity = defaultTypes.Length;
        var targets = ins.Targets ?? [];
        for (int i = 0; i < targets.Length; i++)
        {
            var types = Label(targets[i]).LabelTypes;
            if (types.Length != arity) throw Invalid("type mismatch");
            // Check the operands against this label without consuming them.
            CheckTop(types);
        }
        PopAll(defaultTypes);
        SetUnreachable();
    }

    /// <summary>Checks that the top of the stack matches <paramref name="types"/> (as pop then push would).</summary>
    private void CheckTop(ValType[] types)
    {
        ref var f = ref _frames[_frameCount - 1];
        for (int k = 0; k < types.Length; k++)
        {
            int i = _operandCount - 1 - k;
            var expected = types[types.Length - 1 - k];
            if (i < f.Height)
            {
                if (f.Unreachable) continue;
                throw Invalid("type mismatch");
            }
            var actual = _operands[i];
            if (actual != expected && !actual.IsUnknown && !actual.IsSubtypeOf(expected)) throw Invalid("type mismatch");
        }
    }

    /// <summary>The signature of tag <paramref name="index"/> (its parameters are the exception's payload).</summary>
    public FuncType TagType(uint index)
    {
        if (index >= (uint)_module.TagTypeIndices.Count) throw Invalid($"unknown tag {index}");
        return _module.FuncTypeAt(_module.TagTypeIndices[(int)index]) ?? throw Invalid($"unknown type {_module.TagTypeIndices[(int)index]}");
    }

    /// <summary>
    /// Each catch clause of a <c>try_table</c> branches to its label (counted outside the <c>try_table</c>) with
    /// the tag's payload, then the exception reference for the <c>_ref</c> forms.
    /// </summary>
    private void CheckCatches(uint[] clauses)
    {
        for (int i = 0; i < clauses.Length; i += 3)
        {
            uint kind = clauses[i];
            var payload = kind < 2 ? TagType(clauses[i + 1]).Parameters : None;
            bool withRef = kind is 1 or 3;
            var label = Label(clauses[i + 2]).LabelTypes;
            if (label.Length != payload.Length + (withRef ? 1 : 0)) throw Invalid("type mismatch");
            for (int k = 0; k < payload.Length; k++)
                if (!payload[k].IsSubtypeOf(label[k])) throw Invalid("type mismatch");
            if (withRef && !ValType.ExnRef.AsNonNullable.IsSubtypeOf(label[^1])) throw Invalid("type mismatch");
        }
    }

    private void MarkSet(uint index)
    {
        if (_localSet[index]) return;
        _localSet[index] = true;
        if (_initCount == _initLog.Length) Array.Resize(ref _initLog, _initLog.Length * 2);
        _initLog[_initCount++] = (int)index;
    }

    /// <summary>Checks a <c>call_ref</c>'s type, pops the function reference, returns the callee type.</summary>
    private FuncType RefCallType(uint typeIndex)
    {
        var ft = _module.FuncTypeAt(typeIndex) ?? throw Invalid($"unknown type {typeIndex}");
        Pop(ValType.RefTo(_module.TypeDefs[(int)typeIndex], nullable: true));
        return ft;
    }

    private ValType Local(uint index)
    {
        if (index >= (uint)_localCount) throw Invalid($"unknown local {index}");
        return _locals[index];
    }

    private GlobalType Global(uint index)
    {
        if (index >= (uint)_module.Globals.Count) throw Invalid($"unknown global {index}");
        return _module.Globals[(int)index].Type;
    }

    private FuncType FuncType(uint index)
    {
        if (index >= (uint)_module.FuncTypeIndices.Count) throw Invalid($"unknown function {index}");
        uint t = _module.FuncTypeIndices[(int)index];
        return _module.FuncTypeAt(t) ?? throw Invalid($"unknown type {t}");
    }

    /// <summary>Checks a <c>call_indirect</c>'s table and type, pops the element index, returns the callee type.</summary>
    private FuncType CallIndirectType(in Instruction ins)
    {
        var tt = Table(ins.B);
        if (!tt.Element.IsSubtypeOf(ValType.FuncRef)) throw Invalid("type mismatch");
        var ft = _module.FuncTypeAt(ins.A) ?? throw Invalid($"unknown type {ins.A}");
        Pop(tt.AddressType);
        return ft;
    }

    /// <summary>A tail call returns the callee's results as the caller's own, so they must match.</summary>
    private void CheckTailCallResults(FuncType callee)
    {
        var expected = _frames[0].EndTypes;
        if (callee.Results.Length != expected.Length) throw Invalid("type mismatch");
        for (int i = 0; i < expected.Length; i++)
            if (!callee.Results[i].IsSubtypeOf(expected[i])) throw Invalid("type mismatch");
    }

    private TableType Table(uint index)
    {
        if (index >= (uint)_module.Tables.Count) throw Invalid($"unknown table {index}");
        return _module.Tables[(int)index];
    }

    private MemoryType Memory(uint index)
    {
        if (index >= (uint)_module.Memories.Count) throw Invalid($"unknown memory {index}");
        return _module.Memories[(int)index];
    }
}
