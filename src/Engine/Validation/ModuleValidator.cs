using Wasm.Binary;
using Wasm.Compilation;
using Wasm.Model;

namespace Wasm.Validation;

/// <summary>Validates a decoded module: every module-level rule and every function body.</summary>
internal static class ModuleValidator
{
    /// <summary>The largest memory, in 64 KiB pages, a 32-bit memory may declare.</summary>
    public const ulong MaxPages = 65536;

    /// <summary>The largest memory, in 64 KiB pages, a 64-bit memory may declare (memory64: 2^64 bytes).</summary>
    public const ulong MaxPages64 = 1UL << 48;

    /// <summary>
    /// Validates <paramref name="module"/>; throws <see cref="InvalidModuleException"/>, or
    /// <see cref="UnsupportedFeatureException"/> when the module is valid but needs a proposal the engine lacks.
    /// </summary>
    public static void Validate(ModuleInfo module)
    {
        ValidateDeclarations(module);
        ValidateBodies(module);
    }

    /// <summary>
    /// Every module-level rule, not the function bodies: the compiler validates each body while it translates it
    /// (<see cref="Compilation.FunctionCompiler"/>), which saves a separate pass over all code.
    /// </summary>
    public static void ValidateDeclarations(ModuleInfo module)
    {
        int types = module.Types.Count;

        for (int i = 0; i < module.FuncTypeIndices.Count; i++)
        {
            uint t = module.FuncTypeIndices[i];
            if (t >= (uint)types || module.Types[(int)t] is null)
            {
                long at = i < module.ImportedFuncs ? ImportOffset(module, ExternKind.Func, i) : module.SectionOffsets[3];
                throw new InvalidModuleException($"unknown type {t}", at);
            }
        }
        for (int i = 0; i < module.TagTypeIndices.Count; i++)
        {
            uint t = module.TagTypeIndices[i];
            long at = i < module.ImportedTags ? ImportOffset(module, ExternKind.Tag, i) : module.SectionOffsets[13];
            if (t >= (uint)types || module.Types[(int)t] is null) throw new InvalidModuleException($"unknown type {t}", at);
            if (module.Types[(int)t].Results.Length != 0) throw new InvalidModuleException("non-empty tag result type", at);
        }
        for (int i = 0; i < module.Tables.Count; i++)
        {
            long at = i < module.ImportedTables ? ImportOffset(module, ExternKind.Table, i) : module.SectionOffsets[4];
            CheckTableLimits(module.Tables[i].Limits, at, module.Tables[i].Is64);
        }
        for (int i = 0; i < module.Memories.Count; i++)
        {
            long at = i < module.ImportedMemories ? ImportOffset(module, ExternKind.Memory, i) : module.SectionOffsets[5];
            CheckMemoryType(module.Memories[i], at);
        }

        for (int i = module.ImportedGlobals; i < module.Globals.Count; i++)
        {
            var g = module.Globals[i];
            ConstExprValidator.Validate(module, g.Init!, g.Type.Type, i);
        }
        for (int i = 0; i < module.TableInits.Count; i++)
        {
            // Without an initialiser a table starts full of null, which a non-nullable element type excludes.
            if (module.TableInits[i] is null && !module.Tables[module.ImportedTables + i].Element.Nullable)
                throw new InvalidModuleException("type mismatch", module.SectionOffsets[4]);
            if (module.TableInits[i] is { } init)
            {
                var t = module.Tables[module.ImportedTables + i];
                // Tables precede globals: their initialisers see imported globals only.
                ConstExprValidator.Validate(module, init, t.Element, module.ImportedGlobals);
            }
        }

        CheckExports(module);

        if (module.Start is { } start)
        {
            long at = module.SectionOffsets[8];
            if (start >= (uint)module.FuncTypeIndices.Count) throw new InvalidModuleException($"unknown function {start}", at);
            var ft = module.FuncTypeOf(start);
            if (ft.Parameters.Length != 0 || ft.Results.Length != 0) throw new InvalidModuleException("start function", at);
        }

        foreach (var e in module.Elements)
        {
            if (e.Mode == SegmentMode.Active)
            {
                if (e.TableIndex >= (uint)module.Tables.Count)
                    throw new InvalidModuleException($"unknown table {e.TableIndex}", e.SegmentOffset);
                if (!e.ElementType.IsSubtypeOf(module.Tables[(int)e.TableIndex].Element))
                    throw new InvalidModuleException("type mismatch", e.SegmentOffset);
                ConstExprValidator.Validate(module, e.Offset!, module.Tables[(int)e.TableIndex].AddressType, module.Globals.Count);
            }
            foreach (var item in e.Items)
                ConstExprValidator.Validate(module, item, e.ElementType, module.Globals.Count);
        }

        foreach (var d in module.Datas)
        {
            if (d.Mode != SegmentMode.Active) continue;
            if (d.MemoryIndex >= (uint)module.Memories.Count)
                throw new InvalidModuleException($"unknown memory {d.MemoryIndex}", d.SegmentOffset);
            ConstExprValidator.Validate(module, d.Offset!, module.Memories[(int)d.MemoryIndex].AddressType, module.Globals.Count);
        }
    }

    /// <summary>Validates every function body (two threads share a large module's), recording the module's
    /// <see cref="CallGraph"/> on the way.</summary>
    public static void ValidateBodies(ModuleInfo module)
    {
        var graph = CallGraph.ForRecording(module);
        // Bodies the decoder left unscanned are checked for malformed code in the same pass; the caller decodes
        // again on an error, to report the one a full decode would meet first (Module.FromBytes).
        ParallelBodies.ForEach(module,
            _ => (Validator: new FunctionValidator(module), Calls: new CallGraph.Recorder(module, graph),
                Structure: module.BodiesUnscanned ? new BodyStructure(module) : null),
            (worker, i) =>
            {
                var (fv, calls, scan) = worker;
                var body = module.Bodies[i];
                fv.Begin(i);
                calls.Begin(i);
                scan?.Begin();
                var reader = new CodeReader(module, body);
                while (reader.TryRead(out var ins))
                {
                    scan?.Step(in ins);
                    fv.Step(in ins);
                    calls.Step(in ins);
                }
                scan?.Finish(reader.Position);
                fv.Finish(reader.Position);
                calls.Finish();
            });
        CallGraph.Remember(module, graph);
        module.BodiesValidated = true;
    }

    private static long ImportOffset(ModuleInfo module, ExternKind kind, int index)
    {
        foreach (var imp in module.Imports)
            if (imp.Kind == kind && index-- == 0) return imp.Offset;
        return 0;
    }

    /// <summary>The rules for a table type's limits; component module types declare tables too. A 64-bit
    /// table may declare any u64 size.</summary>
    internal static void CheckTableLimits(Limits l, long at, bool is64 = false)
    {
        if (l.Max is { } max && l.Min > max)
            throw new InvalidModuleException("size minimum must not be greater than maximum", at);
        if (!is64 && (l.Min > uint.MaxValue || l.Max > uint.MaxValue))
            throw new InvalidModuleException("table size must be at most 2^32-1", at);
    }

    /// <summary>The rules for a memory type: sizes within the address type's range, and a shared memory (which
    /// must never move or shrink under other threads) declares its maximum.</summary>
    internal static void CheckMemoryType(MemoryType m, long at)
    {
        var l = m.Limits;
        if (m.Is64 ? l.Min > MaxPages64 || l.Max > MaxPages64 : l.Min > MaxPages || l.Max > MaxPages)
            throw new InvalidModuleException(m.Is64 ? "memory size must be at most 2^48 pages" : "memory size must be at most 65536 pages (4GiB)", at);
        if (l.Max is { } max && l.Min > max)
            throw new InvalidModuleException("size minimum must not be greater than maximum", at);
        if (m.Shared && l.Max is null)
            throw new InvalidModuleException("shared memory must have maximum size", at);
    }

    private static void CheckExports(ModuleInfo module)
    {
        var names = new HashSet<string>(module.Exports.Count, StringComparer.Ordinal);
        foreach (var e in module.Exports)
        {
            if (!names.Add(e.Name)) throw new InvalidModuleException("duplicate export name", e.Offset);
            int count = e.Kind switch
            {
                ExternKind.Func => module.FuncTypeIndices.Count,
                ExternKind.Table => module.Tables.Count,
                ExternKind.Memory => module.Memories.Count,
                ExternKind.Global => module.Globals.Count,
                ExternKind.Tag => module.TagTypeIndices.Count,
                _ => 0,
            };
            if (e.Index >= (uint)count)
            {
                string what = e.Kind switch
                {
                    ExternKind.Func => "function",
                    ExternKind.Table => "table",
                    ExternKind.Memory => "memory",
                    ExternKind.Tag => "tag",
                    _ => "global",
                };
                throw new InvalidModuleException($"unknown {what} {e.Index}", e.Offset);
            }
        }
    }
}
