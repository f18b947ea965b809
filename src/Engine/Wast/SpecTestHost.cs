namespace Wasm.Wast;

/// <summary>The <c>spectest</c> module every spec script may import from.</summary>
internal static class SpecTestHost
{
    public static void Define(Linker linker)
    {
        void Print(string name, params ValType[] ps) =>
            linker.DefineFunction("spectest", name, new FuncType(ps, []), static (_, _) => { });
        Print("print");
        Print("print_i32", ValType.I32);
        Print("print_i64", ValType.I64);
        Print("print_f32", ValType.F32);
        Print("print_f64", ValType.F64);
        Print("print_i32_f32", ValType.I32, ValType.F32);
        Print("print_f64_f64", ValType.F64, ValType.F64);
        linker.Define("spectest", "global_i32", new Global(new GlobalType(ValType.I32, false), Value.FromI32(666)));
        linker.Define("spectest", "global_i64", new Global(new GlobalType(ValType.I64, false), Value.FromI64(666)));
        linker.Define("spectest", "global_f32", new Global(new GlobalType(ValType.F32, false), Value.FromF32(666.6f)));
        linker.Define("spectest", "global_f64", new Global(new GlobalType(ValType.F64, false), Value.FromF64(666.6)));
        linker.Define("spectest", "table", new Table(new TableType(ValType.FuncRef, new Limits(10, 20))));
        linker.Define("spectest", "table64", new Table(new TableType(ValType.FuncRef, new Limits(10, 20), Is64: true)));
        linker.Define("spectest", "memory", new Memory(new MemoryType(new Limits(1, 2))));
        linker.Define("spectest", "shared_memory", new Memory(new MemoryType(new Limits(1, 2), Shared: true)));
    }
}

/// <summary>The host reference a script writes as <c>ref.extern N</c>: equal when the numbers are.</summary>
internal sealed record HostRef(ulong Id)
{
    public override string ToString() => $"ref.extern {Id}";
}
