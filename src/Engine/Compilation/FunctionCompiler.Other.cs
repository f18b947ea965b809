using System.Reflection;
using System.Reflection.Emit;
using Wasm.Instructions;
using Wasm.Runtime;
using Wasm.Validation;

namespace Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    /// <summary>Everything with immediates: variables, constants, memory, calls, references, tables.</summary>
    private void EmitOther(in Instruction ins)
    {
        var il = _il;
        var op = ins.Op;
        switch (op)
        {
            case Opcode.Drop:
                _validator.Step(in ins);
                if (_pendingCount > 0) _pendingCount--; // never emitted
                else il.Emit(OpCodes.Pop);
                return;
            case Opcode.Select:
            case Opcode.SelectTyped:
            {
                var type = op == Opcode.SelectTyped ? ins.Type : _validator.PeekOperand(1);
                _validator.Step(in ins);
                var cond = RentTemp(typeof(int));
                var b = RentTemp(type);
                var a = RentTemp(type);
                il.Emit(OpCodes.Stloc, cond);
                il.Emit(OpCodes.Stloc, b);
                il.Emit(OpCodes.Stloc, a);
                var takeA = il.DefineLabel();
                var done = il.DefineLabel();
                il.Emit(OpCodes.Ldloc, cond);
                il.Emit(OpCodes.Brtrue, takeA);
                il.Emit(OpCodes.Ldloc, b);
                il.Emit(OpCodes.Br, done);
                il.MarkLabel(takeA);
                il.Emit(OpCodes.Ldloc, a);
                il.MarkLabel(done);
                ReturnTemp(cond);
                ReturnTemp(b);
                ReturnTemp(a);
                return;
            }
        }

        _validator.Step(in ins);
        switch (op)
        {
            case Opcode.LocalGet:
                if (_validator.LocalTypes[(int)ins.A].Kind is ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64 && !_compilation.ConsumeFuel)
                    Defer(in ins);
                else
                {
                    FlushPending(); // what is pending lies beneath this value
                    if (ins.A < _paramCount) EmitLdarg((int)ins.A);
                    else il.Emit(OpCodes.Ldloc, _locals[ins.A - _paramCount]);
                }
                AfterLocalGet(ins.A);
                return;
            case Opcode.LocalSet:
                BeforeLocalStore(ins.A, _validator.OperandCount);
                StoreLocal(ins.A);
                return;
            case Opcode.LocalTee:
                // Store, then load back: a dup of a computed value costs the JIT a fresh temporary per site, and a
                // function with more than 1024 locals loses register allocation for the rest and intrinsic expansion.
                BeforeLocalStore(ins.A, _validator.OperandCount - 1);
                StoreLocal(ins.A);
                if (ins.A < _paramCount) il.Emit(OpCodes.Ldarg, (int)ins.A);
                else il.Emit(OpCodes.Ldloc, _locals[ins.A - _paramCount]);
                AfterLocalGet(ins.A);
                return;
            case Opcode.GlobalGet:
            {
                var t = _module.Globals[(int)ins.A].Type.Type;
                LoadGlobal(ins.A);
                il.Emit(OpCodes.Ldfld, Builtins.GlobalField(t));
                return;
            }
            case Opcode.GlobalSet:
            {
                var t = _module.Globals[(int)ins.A].Type.Type;
                var tmp = RentTemp(t);
                il.Emit(OpCodes.Stloc, tmp);
                LoadGlobal(ins.A);
                il.Emit(OpCodes.Ldloc, tmp);
                il.Emit(OpCodes.Stfld, Builtins.GlobalField(t));
                ReturnTemp(tmp);
                return;
            }
            case Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const when !_compilation.ConsumeFuel:
                Defer(in ins);
                return;
            case Opcode.I32Const:
                EmitInt((int)ins.Imm);
                return;
            case Opcode.I64Const:
                il.Emit(OpCodes.Ldc_I8, (long)ins.Imm);
                return;
            case Opcode.F32Const:
                EmitF32Const((int)ins.Imm);
                return;
            case Opcode.F64Const:
                EmitF64Const((long)ins.Imm);
                return;
            case Opcode.Call:
                EmitCall(ins.A);
                return;
            case Opcode.CallIndirect:
                EmitCallIndirect(ins.A, ins.B);
                return;
            case Opcode.CallRef:
            {
                var callee = _module.Types[(int)ins.A];
                var f = LoadRefCallee();
                CallThrough(f, callee);
                ReturnTemp(f);
                AfterCall(callee);
                return;
            }
            case Opcode.RefAsNonNull:
            {
                var ok = il.DefineLabel();
                il.Emit(OpCodes.Dup);
                il.Emit(OpCodes.Brtrue, ok);
                EmitTrap(TrapCode.NullReference);
                il.MarkLabel(ok);
                return;
            }
            case Opcode.RefNull:
                il.Emit(OpCodes.Ldnull);
                return;
            case Opcode.RefIsNull:
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Ceq);
                return;
            case Opcode.RefFunc:
                LoadCtx();
                il.Emit(OpCodes.Ldfld, Builtins.CtxFunctions);
                il.Emit(OpCodes.Ldc_I4, (int)ins.A);
                il.Emit(OpCodes.Ldelem_Ref);
                return;
            case Opcode.TableGet:
                LoadTable(ins.A);
                Call(TableIs64(ins.A) ? Builtins.TableGet64 : Builtins.TableGet);
                return;
            case Opcode.TableSet:
                LoadTable(ins.A);
                Call(TableIs64(ins.A) ? Builtins.TableSet64 : Builtins.TableSet);
                return;
            case Opcode.TableSize:
                LoadTable(ins.A);
                il.Emit(OpCodes.Ldfld, Builtins.TableElements);
                il.Emit(OpCodes.Ldlen);
                il.Emit(TableIs64(ins.A) ? OpCodes.Conv_U8 : OpCodes.Conv_I4);
                return;
            case Opcode.TableGrow:
                LoadTable(ins.A);
                Call(TableIs64(ins.A) ? Builtins.TableGrow64 : Builtins.TableGrow);
                return;
            case Opcode.TableFill:
                LoadTable(ins.A);
                Call(TableIs64(ins.A) ? Builtins.TableFill64 : Builtins.TableFill);
                return;
            case Opcode.TableCopy:
            {
                bool dst = TableIs64(ins.A), src = TableIs64(ins.B);
                if (dst || src)
                {
                    WidenToI64(dst, src, dst && src);
                    CallWithCtx(Builtins.TableCopy64, ins.A, ins.B);
                }
                else CallWithCtx(Builtins.TableCopy, ins.A, ins.B);
                return;
            }
            case Opcode.TableInit:
                if (TableIs64(ins.B))
                {
                    WidenToI64(true, false, false);
                    CallWithCtx(Builtins.TableInit64, ins.B, ins.A);
                }
                else CallWithCtx(Builtins.TableInit, ins.B, ins.A);
                return;
            case Opcode.ElemDrop:
                CallWithCtx(Builtins.ElemDrop, ins.A);
                return;
            case Opcode.MemoryInit:
                if (MemoryIs64(ins.B))
                {
                    WidenToI64(true, false, false);
                    CallWithCtx(Builtins.MemoryInit64, ins.B, ins.A);
                }
                else CallWithCtx(Builtins.MemoryInit, ins.B, ins.A);
                return;
            case Opcode.DataDrop:
                CallWithCtx(Builtins.DataDrop, ins.A);
                return;
            case Opcode.MemoryCopy:
            {
                bool dst = MemoryIs64(ins.A), src = MemoryIs64(ins.B);
                if (dst || src)
                {
                    WidenToI64(dst, src, dst && src);
                    CallWithCtx(Builtins.MemoryCopy64, ins.A, ins.B);
                }
                else CallWithCtx(Builtins.MemoryCopy, ins.A, ins.B);
                return;
            }
            case Opcode.MemoryFill:
                CallWithCtx(MemoryIs64(ins.A) ? Builtins.MemoryFill64 : Builtins.MemoryFill, ins.A);
                return;
            case Opcode.MemorySize:
                RefreshSharedLength((int)ins.A);
                il.Emit(OpCodes.Ldloc, _memLength[ins.A]!);
                il.Emit(OpCodes.Ldc_I4, 16);
                il.Emit(OpCodes.Shr_Un);
                if (!MemoryIs64(ins.A)) il.Emit(OpCodes.Conv_I4);
                return;
            case Opcode.MemoryGrow:
                CallWithCtx(MemoryIs64(ins.A) ? Builtins.MemoryGrow64 : Builtins.MemoryGrow, ins.A);
                ReloadMemory();
                return;
        }
        if (ins.Info.IsAtomic)
        {
            EmitAtomic(in ins);
            return;
        }
        if (ins.Info.IsSimd)
        {
            EmitSimdWithImmediate(in ins);
            return;
        }
        if (ins.Info.Immediate == Immediate.MemArg)
        {
            EmitMemoryAccess(op, ins.Imm, (int)ins.B);
            return;
        }
        throw new NotImplementedException($"code generation for {ins.Info.Name}");
    }

    private void EmitF32Const(int bits)
    {
        if (OpaqueConstants.ForF32(bits) is { } field) _il.Emit(OpCodes.Ldsfld, field);
        else if ((bits & 0x7FC00000) == 0x7F800000 && (bits & 0x003FFFFF) != 0)
        {
            _il.Emit(OpCodes.Ldc_I4, bits); // signalling NaN
            _il.Emit(OpCodes.Call, Signatures.Method(typeof(OpaqueConstants), nameof(OpaqueConstants.F32FromBits)));
        }
        else _il.Emit(OpCodes.Ldc_R4, BitConverter.Int32BitsToSingle(bits));
    }

    private void EmitF64Const(long bits)
    {
        if (OpaqueConstants.ForF64(bits) is { } field) _il.Emit(OpCodes.Ldsfld, field);
        else if ((bits & 0x7FF8000000000000) == 0x7FF0000000000000 && (bits & 0x0007FFFFFFFFFFFF) != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, bits); // signalling NaN
            _il.Emit(OpCodes.Call, Signatures.Method(typeof(OpaqueConstants), nameof(OpaqueConstants.F64FromBits)));
        }
        else _il.Emit(OpCodes.Ldc_R8, BitConverter.Int64BitsToDouble(bits));
    }

    private void StoreLocal(uint index)
    {
        ForgetCheckedAddress(index);
        if (index < _paramCount) EmitStarg((int)index);
        else _il.Emit(OpCodes.Stloc, _locals[index - _paramCount]);
    }

    private void LoadGlobal(uint index)
    {
        if (index < (uint)_globalObjects.Length && _globalObjects[index] is { } local)
        {
            _il.Emit(OpCodes.Ldloc, local);
            return;
        }
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxGlobals);
        EmitInt((int)index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void LoadTable(uint index)
    {
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxTables);
        _il.Emit(OpCodes.Ldc_I4, (int)index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private bool MemoryIs64(uint index) => _module.Memories[(int)index].Is64;

    private bool IsShared(int memory) => _module.Memories[memory].Shared;

    /// <summary>
    /// Another thread may grow a shared memory at any time (its base never moves): the cached length is re-read
    /// before <c>memory.size</c> and before an access that seems out of bounds is reported as one.
    /// </summary>
    private void RefreshSharedLength(int memory)
    {
        if (!IsShared(memory)) return;
        LoadMemoryObject(memory);
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Ldfld, Builtins.MemoryLength);
        _il.Emit(OpCodes.Stloc, _memLength[memory]!);
    }

    private bool TableIs64(uint index) => _module.Tables[(int)index].Is64;

    /// <summary>
    /// With operands on top of the IL stack whose widths <paramref name="is64"/> gives (bottom first), zero-extends
    /// the 32-bit ones so a helper taking only i64 can be called. Only bulk operations on 64-bit memories and tables
    /// pay for the temporaries.
    /// </summary>
    private void WidenToI64(params bool[] is64)
    {
        var temps = new LocalBuilder[is64.Length];
        for (var i = is64.Length - 1; i >= 0; i--)
        {
            temps[i] = RentTemp(is64[i] ? typeof(long) : typeof(int));
            _il.Emit(OpCodes.Stloc, temps[i]);
        }
        for (var i = 0; i < is64.Length; i++)
        {
            _il.Emit(OpCodes.Ldloc, temps[i]);
            if (!is64[i]) _il.Emit(OpCodes.Conv_U8);
            ReturnTemp(temps[i]);
        }
    }

    private void CallWithCtx(MethodInfo helper, params uint[] immediates)
    {
        foreach (var imm in immediates) _il.Emit(OpCodes.Ldc_I4, (int)imm);
        LoadCtx();
        _il.Emit(OpCodes.Call, helper);
    }

    private void EmitCall(uint funcIndex)
    {
        var callee = _module.FuncTypeOf(funcIndex);
        if (funcIndex < _module.ImportedFuncs)
        {
            var f = LoadImportedFunction(funcIndex);
            CallThrough(f, callee);
            ReturnTemp(f);
        }
        else
        {
            LoadCtx();
            EmitDirectCall((int)funcIndex - _module.ImportedFuncs, tail: false);
            AfterCall(callee, (int)funcIndex - _module.ImportedFuncs);
            return;
        }
        AfterCall(callee);
    }

    /// <summary>With the arguments pushed, calls the <see cref="Function"/> held in <paramref name="f"/>.</summary>
    private void CallThrough(LocalBuilder f, FuncType type, bool tail = false)
    {
        _il.Emit(OpCodes.Ldloc, f);
        _il.Emit(OpCodes.Ldfld, Builtins.FunctionCtx);
        _il.Emit(OpCodes.Ldloc, f);
        _il.Emit(OpCodes.Call, Builtins.FunctionCode);
        if (tail) _il.Emit(OpCodes.Tailcall);
        _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, Signatures.ReturnType(type.Results),
            Signatures.ParameterTypes(type), null);
    }

    /// <summary>
    /// <c>return_call</c> and <c>return_call_indirect</c>: the callee's frame replaces this one. The IL is
    /// <c>tail. call</c> (or <c>tail. calli</c>) followed by <c>ret</c>, with nothing but the arguments on the IL
    /// stack; the JIT honours an explicit <c>tail.</c> prefix either as a jump (when the callee's stack arguments
    /// fit in the caller's) or through the runtime's tail-call helpers, so the native stack stays flat either way.
    /// The results need no conversion: validation made them the caller's own.
    /// </summary>
    private void EmitTailCall(in Instruction ins)
    {
        var height = IlStackCount;
        _validator.Step(in ins); // validates, then treats the rest of the block as unreachable
        var indirect = ins.Op == Opcode.ReturnCallIndirect;
        var byRef = ins.Op == Opcode.ReturnCallRef;
        var callee = indirect || byRef ? _module.Types[(int)ins.A] : _module.FuncTypeOf(ins.A);

        // Drop operands beneath the arguments (and the element index or function reference): a tail call leaves
        // no other values behind.
        var operands = callee.Parameters.Length + (indirect || byRef ? 1 : 0);
        if (height > operands)
        {
            var index = byRef ? typeof(object) : indirect && TableIs64(ins.B) ? typeof(long) : typeof(int);
            var kept = new LocalBuilder[operands];
            for (var i = 0; i < operands; i++)
                kept[i] = RentTemp(i < callee.Parameters.Length ? Signatures.ClrType(callee.Parameters[i]) : index);
            for (var i = operands - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, kept[i]);
            for (var i = 0; i < height - operands; i++) _il.Emit(OpCodes.Pop);
            Unstash(kept);
        }

        if (_tryDepth > 0)
        {
            // `tail.` is not allowed in a protected region, and the callee must run without this frame's handlers:
            // the operands leave the regions in locals, and the call is made from a stub after the body.
            var clr = new Type[operands];
            for (var i = 0; i < callee.Parameters.Length; i++) clr[i] = Signatures.ClrType(callee.Parameters[i]);
            if (operands > callee.Parameters.Length) clr[^1] = byRef ? typeof(object) : TableIs64(ins.B) ? typeof(long) : typeof(int);
            var saved = new LocalBuilder[operands];
            for (var i = 0; i < operands; i++) saved[i] = _il.DeclareLocal(clr[i]);
            for (var i = operands - 1; i >= 0; i--) _il.Emit(OpCodes.Stloc, saved[i]);
            var stub = _il.DefineLabel();
            _il.Emit(OpCodes.Leave, stub);
            var copy = ins;
            _tailCallStubs.Add(() =>
            {
                _il.MarkLabel(stub);
                foreach (var l in saved) _il.Emit(OpCodes.Ldloc, l);
                EmitTailCallSequence(copy, callee, indirect, byRef);
            });
            return;
        }
        EmitTailCallSequence(ins, callee, indirect, byRef);
    }

    /// <summary>With the operands on the IL stack, the <c>tail.</c> call and <c>ret</c>.</summary>
    private void EmitTailCallSequence(in Instruction ins, FuncType callee, bool indirect, bool byRef)
    {
        if (indirect || byRef)
        {
            var f = byRef ? LoadRefCallee() : LoadIndirectCallee(ins.A, ins.B);
            CallThrough(f, callee, tail: true);
            ReturnTemp(f);
        }
        else if (ins.A < _module.ImportedFuncs)
        {
            var f = LoadImportedFunction(ins.A);
            CallThrough(f, callee, tail: true);
            ReturnTemp(f);
        }
        else
        {
            LoadCtx();
            EmitDirectCall((int)ins.A - _module.ImportedFuncs, tail: true);
        }
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Stores imported function <paramref name="funcIndex"/> in a temporary (the caller returns it).</summary>
    private LocalBuilder LoadImportedFunction(uint funcIndex)
    {
        var f = RentTemp(typeof(Function));
        LoadCtx();
        _il.Emit(OpCodes.Ldfld, Builtins.CtxFunctions);
        _il.Emit(OpCodes.Ldc_I4, (int)funcIndex);
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Stloc, f);
        return f;
    }

    /// <summary>Unpacks multiple results and reloads memory base and length unless <paramref name="definedCallee"/>
    /// (the defined function called directly, or -1) cannot grow a memory.</summary>
    private void AfterCall(FuncType callee, int definedCallee = -1)
    {
        if (callee.Results.Length > 1)
        {
            var tuple = RentTemp(Signatures.ReturnType(callee.Results));
            Signatures.EmitUnpack(_il, callee.Results, tuple);
            ReturnTemp(tuple);
        }
        if (_usesMemory && (definedCallee < 0 || _calleeMayGrow[definedCallee])) ReloadMemory();
    }

    /// <summary>
    /// [function reference] → [], with the callee in the returned temporary: traps on null. Validation already
    /// proved the reference's type, so unlike <c>call_indirect</c> there is no signature check.
    /// </summary>
    private LocalBuilder LoadRefCallee()
    {
        var f = RentTemp(typeof(Function));
        var notNull = _il.DefineLabel();
        _il.Emit(OpCodes.Castclass, typeof(Function));
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, f);
        _il.Emit(OpCodes.Brtrue, notNull);
        EmitTrap(TrapCode.NullFunctionReference);
        _il.MarkLabel(notNull);
        return f;
    }

    private void EmitCallIndirect(uint typeIndex, uint tableIndex)
    {
        var callee = _module.Types[(int)typeIndex];
        var f = LoadIndirectCallee(typeIndex, tableIndex);
        CallThrough(f, callee);
        ReturnTemp(f);
        AfterCall(callee);
    }

    /// <summary>
    /// [element index] → [], with the checked callee in the returned temporary: traps unless the table holds a
    /// function of type <paramref name="typeIndex"/> at that index.
    /// </summary>
    private LocalBuilder LoadIndirectCallee(uint typeIndex, uint tableIndex)
    {
        var is64 = TableIs64(tableIndex);
        var index = RentTemp(is64 ? typeof(long) : typeof(int));
        var elements = RentTemp(typeof(object[]));
        var f = RentTemp(typeof(Function));
        _il.Emit(OpCodes.Stloc, index);
        LoadTable(tableIndex);
        _il.Emit(OpCodes.Ldfld, Builtins.TableElements);
        _il.Emit(OpCodes.Stloc, elements);

        var inBounds = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, index);
        _il.Emit(OpCodes.Ldloc, elements);
        _il.Emit(OpCodes.Ldlen);
        _il.Emit(is64 ? OpCodes.Conv_U8 : OpCodes.Conv_I4);
        _il.Emit(OpCodes.Blt_Un, inBounds);
        EmitTrap(TrapCode.UndefinedElement);
        _il.MarkLabel(inBounds);

        var notNull = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, elements);
        _il.Emit(OpCodes.Ldloc, index);
        if (is64) _il.Emit(OpCodes.Conv_I); // in bounds, so below 2^31
        _il.Emit(OpCodes.Ldelem_Ref);
        _il.Emit(OpCodes.Isinst, typeof(Function));
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Stloc, f);
        _il.Emit(OpCodes.Brtrue, notNull);
        EmitTrap(TrapCode.UninitializedElement);
        _il.MarkLabel(notNull);

        var typeOk = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, f);
        _il.Emit(OpCodes.Ldfld, Builtins.FunctionTypeId);
        _compilation.EmitTypeId(_il, typeIndex);
        _il.Emit(OpCodes.Beq, typeOk);
        if (!_module.TypeDefs[(int)typeIndex].Final)
        {
            // A type open to subtypes also accepts functions declared with one of its subtypes.
            _il.Emit(OpCodes.Ldloc, f);
            _il.Emit(OpCodes.Ldfld, Builtins.FunctionTypeId);
            _compilation.EmitTypeId(_il, typeIndex);
            _il.Emit(OpCodes.Call, Signatures.Method(typeof(GcOps), nameof(GcOps.FuncTypeMatches)));
            _il.Emit(OpCodes.Brtrue, typeOk);
        }
        EmitTrap(TrapCode.IndirectCallTypeMismatch);
        _il.MarkLabel(typeOk);

        ReturnTemp(index);
        ReturnTemp(elements);
        return f;
    }

    /// <summary>SIMD instructions with immediates: constants, shuffles, lane accesses, loads and stores.</summary>
    private void EmitSimdWithImmediate(in Instruction ins)
    {
        var op = ins.Op;
        if (TryEmitSimdDirect(in ins)) return;
        var first = _validator.OperandCount - ins.Info.Results!.Length;
        switch (ins.Info.Immediate)
        {
            case Immediate.V128:
            case Immediate.Shuffle:
                PrepareSimdCall(ins.Info);
                _il.Emit(OpCodes.Ldc_I8, (long)ins.Imm);
                _il.Emit(OpCodes.Ldc_I8, (long)ins.Lanes);
                CallSimd(op);
                return;
            case Immediate.Lane:
                PrepareSimdCall(ins.Info);
                _il.Emit(OpCodes.Ldc_I4, (int)ins.A);
                CallSimd(op);
                return;
            case Immediate.MemArg when op == Opcode.V128Store:
            case Immediate.MemArgLane:
            {
                // [address, vector]: the vector waits in a local while the address is checked.
                var view = ViewOf(first + 1);
                var value = RentTemp(SimdIntrinsics.Vec(view));
                _il.Emit(OpCodes.Stloc, value);
                EmitAddress(ins.Imm, SimdAccessSize(op), (int)ins.B);
                _il.Emit(OpCodes.Ldloc, value);
                ReturnTemp(value);
                if (TryEmitSimdStore(op, (int)ins.Lanes, view)) return;
                Reinterpret(view, typeof(byte));
                if (ins.Info.Immediate == Immediate.MemArgLane) _il.Emit(OpCodes.Ldc_I4, (int)ins.Lanes);
                CallSimd(op);
                SetView(first, null);
                return;
            }
            case Immediate.MemArg:
                EmitAddress(ins.Imm, SimdAccessSize(op), (int)ins.B);
                if (TryEmitSimdLoad(op)) return;
                CallSimd(op);
                SetView(first, null);
                return;
        }
        throw new NotImplementedException($"code generation for {ins.Info.Name}");
    }

    private static int SimdAccessSize(Opcode op) => 1 << (int)FunctionValidator.NaturalAlignment(op);

    /// <summary>Loads and stores: an explicit unsigned bounds check of address + offset + size, then a native access.</summary>
    private void EmitMemoryAccess(Opcode op, ulong offset, int memory)
    {
        var (size, isStore) = ScalarAccess.Shape(op) ?? throw new NotImplementedException($"code generation for {op}");
        var addressLocal = AddressLocal(isStore, memory);
        var covered = addressLocal >= 0 && _checkedReach[addressLocal] >= offset + (ulong)size;
        var byCall = _checksByCall && !covered && !_module.Memories[memory].Is64 && !IsShared(memory);
        if (byCall || addressLocal < 0) FlushPending();
        if (byCall)
        {
            // [address (value)] base length offset → the inlined helper checks and accesses.
            _il.Emit(OpCodes.Ldloc, _memBase[memory]!);
            _il.Emit(OpCodes.Ldloc, _memLength[memory]!);
            EmitInt((int)offset);
            _il.Emit(OpCodes.Call, MemoryAccess.For(op));
            if (addressLocal >= 0) RememberCheckedAddress(addressLocal, offset + (ulong)size);
            return;
        }
        // The validator has stepped: a load's result is counted already, a store's operands are not.
        _belowSkip = isStore ? 0 : 1;
        _belowAccess = IlStackCount - _belowSkip;
        _stackEmptyAtCheck = _belowAccess == 0;
        LocalBuilder? value = null;
        if (addressLocal >= 0)
        {
            // The operands are a local (and a local or constant): drop them and read them again where needed,
            // which spares the temporaries that unoptimized code would keep on the stack frame. Those still
            // pending (see PendingPush) were never emitted; the rest are popped.
            var operands = isStore ? 2 : 1;
            if (_pendingCount > operands)
            {
                EmitPush(_pending0); // a value beneath the operands
                _pending0 = _pending1;
                _pendingCount--;
            }
            for (var i = _pendingCount; i < operands; i++) _il.Emit(OpCodes.Pop);
            _pendingCount = 0;
            if (covered) LoadLocalAsAddress(addressLocal, offset, memory);
            else
            {
                EmitAddressOfLocal(addressLocal, offset, size, memory);
                RememberCheckedAddress(addressLocal, offset + (ulong)size);
            }
            if (isStore) ReloadStoredValue();
        }
        else
        {
            if (isStore)
            {
                value = RentTemp(StoreValueType(op));
                _il.Emit(OpCodes.Stloc, value);
            }
            EmitAddress(offset, size, memory);
            if (value is not null)
            {
                _il.Emit(OpCodes.Ldloc, value);
                ReturnTemp(value);
            }
        }
        switch (op)
        {
            case Opcode.I32Load: _il.Emit(OpCodes.Ldind_I4); break;
            case Opcode.I64Load: _il.Emit(OpCodes.Ldind_I8); break;
            case Opcode.F32Load: _il.Emit(OpCodes.Ldind_R4); break;
            case Opcode.F64Load: _il.Emit(OpCodes.Ldind_R8); break;
            case Opcode.I32Load8S: _il.Emit(OpCodes.Ldind_I1); break;
            case Opcode.I32Load8U: _il.Emit(OpCodes.Ldind_U1); break;
            case Opcode.I32Load16S: _il.Emit(OpCodes.Ldind_I2); break;
            case Opcode.I32Load16U: _il.Emit(OpCodes.Ldind_U2); break;
            case Opcode.I64Load8S: _il.Emit(OpCodes.Ldind_I1); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Load8U: _il.Emit(OpCodes.Ldind_U1); _il.Emit(OpCodes.Conv_U8); break;
            case Opcode.I64Load16S: _il.Emit(OpCodes.Ldind_I2); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Load16U: _il.Emit(OpCodes.Ldind_U2); _il.Emit(OpCodes.Conv_U8); break;
            case Opcode.I64Load32S: _il.Emit(OpCodes.Ldind_I4); _il.Emit(OpCodes.Conv_I8); break;
            case Opcode.I64Load32U: _il.Emit(OpCodes.Ldind_U4); _il.Emit(OpCodes.Conv_U8); break;
            case Opcode.I32Store: _il.Emit(OpCodes.Stind_I4); break;
            case Opcode.I64Store: _il.Emit(OpCodes.Stind_I8); break;
            case Opcode.F32Store: _il.Emit(OpCodes.Stind_R4); break;
            case Opcode.F64Store: _il.Emit(OpCodes.Stind_R8); break;
            case Opcode.I32Store8: _il.Emit(OpCodes.Stind_I1); break;
            case Opcode.I32Store16: _il.Emit(OpCodes.Stind_I2); break;
            case Opcode.I64Store8: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Stind_I1); break;
            case Opcode.I64Store16: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Stind_I2); break;
            case Opcode.I64Store32: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Stind_I4); break;
        }
        _stackEmptyAtCheck = false;
        _belowAccess = 0;
    }

    private static Type StoreValueType(Opcode op) => op switch
    {
        Opcode.I64Store or Opcode.I64Store8 or Opcode.I64Store16 or Opcode.I64Store32 => typeof(long),
        Opcode.F32Store => typeof(float),
        Opcode.F64Store => typeof(double),
        _ => typeof(int),
    };

    /// <summary>[address] → [native pointer], trapping unless the whole access lies inside the memory.</summary>
    private void EmitAddress(ulong offset, int size, int memory)
    {
        if (_module.Memories[memory].Is64)
        {
            EmitAddress64(offset, size, memory);
            return;
        }
        // A 32-bit address plus a 32-bit offset plus the size cannot overflow 64 bits: one comparison.
        var ea = RentTemp(typeof(ulong));
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Conv_U8);
        if (offset != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)offset);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Stloc, ea);
        if (IsShared(memory))
        {
            BranchIfWithinLength(ea, (ulong)size, memory, ok);
            EmitTrap(TrapCode.MemoryOutOfBounds);
            _il.MarkLabel(ok);
        }
        else
        {
            var set = SetAsideForSharedTrap();
            _il.Emit(OpCodes.Ldloc, ea);
            _il.Emit(OpCodes.Ldc_I8, (long)size);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldloc, _memLength[memory]!);
            TrapIf(OpCodes.Bgt_Un, OpCodes.Ble_Un, TrapCode.MemoryOutOfBounds);
            PutBack(set);
        }
        _il.Emit(OpCodes.Ldloc, _memBase[memory]!);
        _il.Emit(OpCodes.Ldloc, ea);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        ReturnTemp(ea);
    }

    /// <summary>
    /// Values beneath a memory access's own operands (a load's result that another access's operand follows, say)
    /// would keep its bounds check from jumping to the function's one trap block, since a branch target needs the
    /// same IL stack from every branch: such a check gets a trap block of its own, a call and a throw that the JIT
    /// spends a basic block and a call site on. Up to <see cref="MaxSetAside"/> of them are set aside in
    /// temporaries around the check instead, when the IL stack holds nothing else (<see cref="_belowAccess"/>).
    /// </summary>
    private LocalBuilder[]? SetAsideForSharedTrap()
    {
        if (_tryDepth != 0 || _stackEmptyAtCheck || _belowAccess <= 0 || _belowAccess > MaxSetAside) return null;
        // Numbers only: a v128 on the IL stack may be in another lane view than its temporary would be.
        for (var i = 0; i < _belowAccess; i++)
            if (_validator.PeekOperand(_belowSkip + i).Kind is not (ValKind.I32 or ValKind.I64 or ValKind.F32 or ValKind.F64)) return null;
        _stackEmptyAtCheck = true;
        return Stash(_belowAccess, _belowSkip);
    }

    private void PutBack(LocalBuilder[]? set)
    {
        if (set is null) return;
        foreach (var local in set)
        {
            _il.Emit(OpCodes.Ldloc, local);
            ReturnTemp(local);
        }
        _stackEmptyAtCheck = false;
    }

    private const int MaxSetAside = 6;

    /// <summary>
    /// Jumps to <paramref name="ok"/> when <paramref name="start"/> + <paramref name="reach"/> (which cannot wrap)
    /// is at most the memory's length; falls through otherwise. A shared memory's length is read again before
    /// falling through, since another thread may have grown it.
    /// </summary>
    private void BranchIfWithinLength(LocalBuilder start, ulong reach, int memory, Label ok)
    {
        for (var attempt = 0; attempt < (IsShared(memory) ? 2 : 1); attempt++)
        {
            if (attempt == 1) RefreshSharedLength(memory);
            _il.Emit(OpCodes.Ldloc, start);
            _il.Emit(OpCodes.Ldc_I8, (long)reach);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldloc, _memLength[memory]!);
            _il.Emit(OpCodes.Ble_Un, ok);
        }
    }

    /// <summary>
    /// [i64 address] → [native pointer] for a 64-bit memory, where address + offset + size may exceed 2^64. A
    /// memory is never 2^63 bytes or more (<see cref="Memory.MaxBytes"/>), so an address with the top bit set is
    /// out of bounds, and an offset + size of 2^63 or more always is: with <c>reach</c> = min(offset + size, 2^63),
    /// the access is in bounds exactly when address &lt; 2^63 and address + reach &lt;= length, and that sum cannot
    /// wrap.
    /// </summary>
    private void EmitAddress64(ulong offset, int size, int memory)
    {
        const ulong Half = 1UL << 63;
        var reach = offset >= Half - (ulong)size ? Half : offset + (ulong)size;
        var address = RentTemp(typeof(ulong));
        var fail = _il.DefineLabel();
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Stloc, address);
        _il.Emit(OpCodes.Ldloc, address);
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Blt, fail);
        BranchIfWithinLength(address, reach, memory, ok);
        _il.MarkLabel(fail);
        EmitTrap(TrapCode.MemoryOutOfBounds);
        _il.MarkLabel(ok);
        _il.Emit(OpCodes.Ldloc, _memBase[memory]!);
        _il.Emit(OpCodes.Ldloc, address);
        if (offset != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, (long)offset);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        ReturnTemp(address);
    }
}
